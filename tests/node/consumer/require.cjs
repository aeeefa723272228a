// CommonJS: Node 20.19+ loads the ES module package with require().
const { readFileSync } = require('node:fs');
const { analyze } = require('custval');

analyze(readFileSync(process.argv[2]), { asOf: '2024-03-01' }).then((report) =>
  console.log(JSON.stringify(report)),
);
