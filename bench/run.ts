// `npm run bench -- [NAME…] [--smoke] [--record] [--profile]`: runs bench/NAME.ts for each name (all of them when
// none), one process each. A run of every bench at full size records itself (each full run appends its dated
// sections to docs/benchmarks.md, as the benchmarks issue asks); a named bench records only with --record.
// A bench may take options of its own, given after its name (`npm run bench -- drift --scale=0.1`: the drift
// bench at a tenth of its rows).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3));
const names = args.filter((a) => !a.startsWith('--'));
for (const n of names) {
  if (!existsSync(join(here, `${n}.ts`))) {
    console.error(`no bench '${n}'; there are: ${all.join(', ')}`);
    process.exit(2);
  }
}
if (!names.length && !flags.includes('--smoke') && !flags.includes('--record')) flags.push('--record');
let failed = 0;
for (const name of names.length ? names : all) {
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, `${name}.ts`), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench ${name} failed (${r.status ?? r.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
