// Every customer's recency, frequency and monetary value (in whole cents) from custval's
// customers CSV, for the check against the peers. Shared by the driver (the CLI's CSV) and the
// bench worker (the page's): the first six columns (id, first and last purchase, recency,
// frequency, monetary) are never quoted in the generated files' table.

/** `[id, recencyDays, frequency, monetaryCents]` per customer, in the CSV's order. */
export function rfmOfCustomersCsv(csv) {
  const rows = csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1);
  return rows.map((line) => {
    const [id, , , recency, frequency, monetary] = line.split(',');
    return [id, Number(recency), Number(frequency), Math.round(Number(monetary) * 100)];
  });
}
