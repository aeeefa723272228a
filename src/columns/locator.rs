//! Finding the column of each role in one file's header row.

use super::{
    normalise, pivot_summed, ColumnOverrides, ColumnRef, Role, CUSTOMER_FILE_ROLES,
    TRANSACTION_ROLES,
};
use crate::error::{Error, ErrorKind};

/// Finds the column of each role in one file: the user's choice where given, otherwise the
/// first header that names the role.
pub(super) struct Locator<'a> {
    headers: Option<&'a [String]>,
    normalised: Vec<String>,
    fields: usize,
    overrides: &'a ColumnOverrides,
    /// The columns the user chose, for any role: an optional role whose header is recognised
    /// in one of them yields it.
    chosen: Vec<usize>,
}

/// Headers whose role holds only in one shop's export, normalised, with the start of a header
/// only that export has.
const EXPORT_SPECIFIC: [(Role, &str, &str); 8] = [
    // Shopify's orders export names its order number (`#1001`) `Name`, elsewhere a person's;
    // its other columns are `Lineitem quantity`, `Lineitem price` and the like.
    (Role::Order, "name", "lineitem"),
    // Amazon's order report: `item-price` is the line's total, quantity × unit price, where
    // elsewhere an item's price is the unit price.
    (Role::Amount, "itemprice", "amazonorderid"),
    // Lazada's order export: a line is one item, and `Paid Price` what the buyer paid for it.
    (Role::Amount, "paidprice", "lazadaid"),
    // PayPal's activity download: the payer, and the money moved before PayPal's fee; in
    // English and in German.
    (Role::Customer, "fromemailaddress", "toemailaddress"),
    (Role::Amount, "gross", "toemailaddress"),
    (
        Role::Customer,
        "absenderemailadresse",
        "empfängeremailadresse",
    ),
    (Role::Amount, "brutto", "empfängeremailadresse"),
    // QuickBooks' reports: `Num` is the invoice's or receipt's number beside `Transaction Type`.
    (Role::Order, "num", "transactiontype"),
];

impl<'a> Locator<'a> {
    pub(super) fn new(
        headers: Option<&'a [String]>,
        fields: usize,
        overrides: &'a ColumnOverrides,
    ) -> Locator<'a> {
        let normalised = headers
            .unwrap_or_default()
            .iter()
            .map(|h| normalise(h))
            .collect();
        let mut locator = Locator {
            headers,
            normalised,
            fields,
            overrides,
            chosen: Vec::new(),
        };
        // A choice naming no column is reported when its role is looked for.
        locator.chosen = TRANSACTION_ROLES
            .iter()
            .chain(&CUSTOMER_FILE_ROLES)
            .filter_map(|&role| locator.chosen_column(role).ok().flatten())
            .collect();
        locator
    }

    /// The columns the user chose, for any role.
    pub(super) fn chosen(&self) -> &[usize] {
        &self.chosen
    }

    fn header_list(&self) -> Vec<String> {
        self.headers.map(<[String]>::to_vec).unwrap_or_default()
    }

    /// The first column recognised for `role` by its header that is not `taken`, so that one
    /// column never becomes, say, both the region and the channel.
    pub(super) fn recognise_untaken(&self, role: Role, taken: &[usize]) -> Option<usize> {
        role.aliases().iter().find_map(|alias| {
            (0..self.normalised.len())
                .find(|&index| self.normalised[index] == *alias && !taken.contains(&index))
        })
    }

    /// Whether the normalised header of the column at `index` is one that `is` accepts.
    pub(super) fn names(&self, index: usize, is: impl Fn(&str) -> bool) -> bool {
        self.normalised.get(index).is_some_and(|header| is(header))
    }

    /// The first column whose normalised header is `normalised`.
    pub(super) fn position(&self, normalised: &str) -> Option<usize> {
        self.normalised
            .iter()
            .position(|header| header == normalised)
    }

    /// The first column an Excel PivotTable's sum of `normalised` heads (see [`pivot_summed`]).
    fn summed_position(&self, normalised: &str) -> Option<usize> {
        self.normalised
            .iter()
            .position(|header| pivot_summed(header) == Some(normalised))
    }

    /// The column recognised by a header alone, ignoring the user's choices; a PivotTable's
    /// sum of the role's column only where no header names the role itself.
    pub(super) fn recognise(&self, role: Role) -> Option<usize> {
        let by_aliases = |role: Role| role.aliases().iter().find_map(|alias| self.position(alias));
        let by_sums = |role: Role| {
            let summed = |alias: &&str| self.summed_position(alias);
            role.adds_up()
                .then(|| role.aliases().iter().find_map(summed))
                .flatten()
        };
        by_aliases(role)
            .or_else(|| role.fallback().and_then(by_aliases))
            .or_else(|| by_sums(role))
            .or_else(|| role.fallback().and_then(by_sums))
            .or_else(|| self.export_specific(role))
    }

    /// The column of a header that has `role` only in one shop's export (see
    /// [`EXPORT_SPECIFIC`]), when the file has that export's mark.
    fn export_specific(&self, role: Role) -> Option<usize> {
        EXPORT_SPECIFIC
            .iter()
            .filter(|(of, ..)| *of == role)
            .find_map(|(_, header, mark)| {
                let marked = self.normalised.iter().any(|h| h.starts_with(mark));
                marked.then(|| self.position(header)).flatten()
            })
    }

    /// The column of `role`: the user's choice, else the header recognised for it. An optional
    /// role yields a recognised column to the user's choice for another role (the channel's
    /// `Store` to `--column region=Store`); a needed role keeps it, so that
    /// [`check_distinct`](Locator::check_distinct) reports the clash.
    pub(super) fn find(&self, role: Role) -> Result<Option<usize>, Error> {
        match self.overrides.get(role) {
            None => Ok(self
                .recognise(role)
                .filter(|column| role.is_needed() || !self.chosen.contains(column))),
            Some(_) => self.chosen_column(role),
        }
    }

    /// The column the user chose for `role`, `None` if they chose none or left the role out.
    fn chosen_column(&self, role: Role) -> Result<Option<usize>, Error> {
        match self.overrides.get(role) {
            Some(ColumnRef::Position(position)) if *position <= self.fields => {
                Ok(Some(position - 1))
            }
            Some(ColumnRef::Position(position)) => Err(ErrorKind::UnknownColumn {
                reference: format!("column {position}"),
                headers: self.header_list(),
                fields: self.fields,
            }
            .into()),
            Some(ColumnRef::Name(name)) => {
                let wanted = normalise(name);
                let exact = self
                    .headers
                    .and_then(|h| h.iter().position(|header| header == name));
                let position = exact.or_else(|| self.position(&wanted));
                position.map(Some).ok_or_else(|| {
                    ErrorKind::UnknownColumn {
                        reference: format!("'{name}'"),
                        headers: self.header_list(),
                        fields: self.fields,
                    }
                    .into()
                })
            }
            Some(ColumnRef::Unused) | None => Ok(None),
        }
    }

    /// The first column, where its header is blank and others follow: the column of a report
    /// grouped by customer (see [`ColumnMap::customer_in_headings`](super::ColumnMap)).
    pub(super) fn unnamed_first_column(&self) -> Option<usize> {
        match self.normalised.as_slice() {
            [first, _, ..] if first.is_empty() => Some(0),
            _ => None,
        }
    }

    pub(super) fn missing(&self, role: Role) -> Error {
        ErrorKind::MissingColumn {
            role,
            headers: self.headers.map(<[String]>::to_vec),
        }
        .into()
    }

    /// Fails if one column was found for two roles, by the user's choice for both or for one
    /// beside a header recognised for the other: read as both, one value would be, say, an
    /// amount and a customer id at once.
    pub(super) fn check_distinct(&self, found: &[(Role, usize)]) -> Result<(), Error> {
        for (at, &(role, column)) in found.iter().enumerate() {
            if let Some(&(first, _)) = found[..at].iter().find(|&&(_, c)| c == column) {
                let named = self.headers.and_then(|h| h.get(column));
                return Err(ErrorKind::SharedColumn {
                    column: match named.filter(|name| !name.trim().is_empty()) {
                        Some(name) => format!("'{name}'"),
                        None => format!("column {}", column + 1),
                    },
                    roles: [first, role],
                }
                .into());
            }
        }
        Ok(())
    }

    pub(super) fn require(&self, role: Role) -> Result<usize, Error> {
        self.find(role)?.ok_or_else(|| self.missing(role))
    }
}
