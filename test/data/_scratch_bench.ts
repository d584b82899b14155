import { writeFileSync, existsSync, statSync } from 'node:fs';
import { ingestCsv } from '../../server/data/ingest';
import { writeTable } from '../../server/data/table';
import { LocalArtifactStore } from '../../server/artifacts/store';
const f = '/tmp/hr/big.csv';
if (!existsSync(f)) {
  const parts: string[] = [];
  const hdr = Array.from({ length: 20 }, (_, i) => `c${i}`).join(',');
  parts.push(hdr + '\n');
  let chunk = '';
  for (let r = 0; r < 1_000_000; r++) {
    const row: string[] = [];
    for (let c = 0; c < 20; c++) {
      if (c < 8) row.push((Math.random() * 1000).toFixed(3));
      else if (c < 14) row.push(String((Math.random() * 100000) | 0));
      else if (c < 16) row.push(Math.random() < 0.5 ? 'true' : 'false');
      else if (c < 18) row.push(['alpha', 'beta', 'gamma', 'delta'][r % 4] + (r % 100));
      else row.push(`2023-0${1 + (r % 9)}-1${r % 10}`);
    }
    chunk += row.join(',') + '\n';
    if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  writeFileSync(f, parts.join(''));
}
const size = statSync(f).size;
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const { table, summary } = await ingestCsv(f, {});
  const t1 = performance.now();
  console.log(`ingest ${(t1 - t0).toFixed(0)} ms, ${(size / 1048576 / ((t1 - t0) / 1000)).toFixed(1)} MiB/s rows=${table.numRows}`, summary.columns.map((c) => c.type).join(' '));
  if (k === 2) { const t2 = performance.now(); await writeTable(new LocalArtifactStore('/tmp/hr/store'), table); console.log('write', (performance.now() - t2).toFixed(0)); }
}
