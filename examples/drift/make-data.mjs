// Writes data/sensors.csv: readings of pumps on three production lines, labelled with whether the pump failed
// within a day. `--phase before` (the default) is spring; `--phase after` is summer: every pump runs about 8 °C
// hotter, line C takes most of the work, and a failure depends on the temperature above the new normal — so a
// model trained on spring readings sees summer's heat as danger and raises false alarms. Same seed, same rows.
//
//   node examples/drift/make-data.mjs [--phase before|after] [--rows N] [--seed S] [--out FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readings, HEADER } from './sensors.mjs';

const { values } = parseArgs({
  options: {
    phase: { type: 'string', default: 'before' },
    rows: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '' },
    out: { type: 'string', default: '' },
  },
});
if (values.phase !== 'before' && values.phase !== 'after') throw new Error(`--phase is before or after, not "${values.phase}"`);
const rows = Number(values.rows);
const seed = values.seed ? Number(values.seed) : values.phase === 'before' ? 20260601 : 20260715;
const out = values.out || new URL('data/sensors.csv', import.meta.url).pathname;
const lines = [HEADER.join(',')];
for (const r of readings(values.phase, rows, seed)) lines.push(HEADER.map((h) => r[h]).join(','));
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${out} (${rows} ${values.phase} rows, seed ${seed})`);
