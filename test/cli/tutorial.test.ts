// docs/tutorial.md stays true: its pipeline validates, and each error it shows is what `headrace validate` prints
// for the edit it describes (the broken variants are made here from the example, not kept as files).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';

const example = readFileSync('examples/first-pipeline/pipeline.yaml', 'utf8');
const tutorial = readFileSync('docs/tutorial.md', 'utf8');
const SHOWN = 'examples/first-pipeline/pipeline.yaml';

/** The tutorial's error line that begins with SHOWN:LINE:COL, for the fix it teaches. */
function shownError(fragment: string): string {
  const line = tutorial.split('\n').find((l) => l.startsWith(`${SHOWN}:`) && l.includes(fragment));
  if (!line) throw new Error(`docs/tutorial.md shows no error containing "${fragment}"`);
  return line;
}

function edit(from: string, to: string): string {
  expect(example).toContain(from);
  return example.replace(from, to);
}

const variants = [
  { name: 'a misspelt column', source: () => edit('target: churned', 'target: churnd'), fragment: "unknown column 'churnd'" },
  { name: 'a wrong port type', source: () => edit('in: { model: train.model, table: split.test }', 'in: { model: train.model, table: train.model }'), fragment: 'expects a Table' },
  { name: 'a path outside the data roots', source: () => edit('path: data/churn.csv', 'path: /etc/passwd'), fragment: 'outside the data roots' },
  { name: 'stage: production', source: () => edit('stage: staging', 'stage: production'), fragment: "'stage' cannot be production" },
];

let dir: string;
let roots: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-tutorial-'));
  roots = join(dir, 'roots');
  mkdirSync(roots);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/tutorial.md', () => {
  it('shows the example pipeline as it is in examples/first-pipeline', () => {
    expect(tutorial).toContain(example.trimEnd());
  });

  it('its pipeline validates offline, as the tutorial shows', async () => {
    const r = await headrace(['validate', 'examples/first-pipeline'], { HEADRACE_URL: 'http://127.0.0.1:9', HEADRACE_DATA_ROOTS: process.cwd() });
    expect(r.code, r.stderr).toBe(0);
    expect(tutorial).toContain(`$ npx headrace validate examples/first-pipeline\n${r.stdout.trim()}\n`);
  });

  for (const v of variants) {
    it(`prints the error it shows for ${v.name}`, async () => {
      const folder = join(dir, v.name.replace(/[^a-z]+/g, '-'));
      mkdirSync(folder);
      const file = join(folder, 'pipeline.yaml');
      writeFileSync(file, v.source());
      const r = await headrace(['validate', file], { HEADRACE_URL: 'http://127.0.0.1:9', HEADRACE_DATA_ROOTS: roots });
      expect(r.code).toBe(1);
      // The file's name and the data roots are the reader's own; the position and the sentence are the checker's.
      const shown = shownError(v.fragment)
        .replace(SHOWN, relative(process.cwd(), file))
        .replace(/outside the data roots \([^)]*\)/, `outside the data roots (${roots})`);
      expect(r.stderr.split('\n')).toContain(shown);
      // and the count that ends the output, as the tutorial quotes it (here the data file is outside `roots` too)
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^\d+ error\(s\) in 1 of 1 file\(s\)$/);
      expect(tutorial).toContain('(`1 error(s) in 1 of 1 file(s)`)');
    });
  }
});
