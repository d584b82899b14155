import { readFileSync } from 'node:fs';
import { parseCsv } from '../../server/data/csv';
import { convertText, DEFAULT_NULL_VALUES } from '../../server/data/convert';
import { tableFromColumns } from '../../server/data/columns';
const t0 = performance.now();
const text = readFileSync('/tmp/hr/big.csv', 'utf8');
const t1 = performance.now();
const p = parseCsv(text, { delimiter: ',', header: true });
const t2 = performance.now();
console.log('read', (t1 - t0).toFixed(0), 'parse', (t2 - t1).toFixed(0));
const nulls = new Set(DEFAULT_NULL_VALUES);
const cols = [];
for (let c = 0; c < 20; c++) {
  const a = performance.now();
  const r = convertText(p.names[c], p.columns[c], nulls);
  cols.push(r.column);
  if (c % 2 === 0) console.log(c, r.column.type, (performance.now() - a).toFixed(0));
}
const t3 = performance.now();
const t = tableFromColumns(cols);
console.log('convert', (t3 - t2).toFixed(0), 'arrow', (performance.now() - t3).toFixed(0));
