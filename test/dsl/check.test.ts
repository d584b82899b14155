// Checker rules through the one harness: snippet -> exact messages at exact positions.
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS, validate } from '../../dsl';
import { columnsCases } from './cases/columns';
import { configCases } from './cases/config';
import { envelopeCases } from './cases/envelope';
import { executionCases } from './cases/execution';
import { gatesCases } from './cases/gates';
import { graphCases } from './cases/graph';
import { paramsCases } from './cases/params';
import { severalCases } from './cases/several';
import { whenCases } from './cases/when';
import { expectDiagnostics, head } from './harness';

const cases = [...envelopeCases, ...configCases, ...graphCases, ...paramsCases, ...columnsCases, ...gatesCases, ...severalCases, ...whenCases, ...executionCases];

describe('checker rules', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectDiagnostics(c.source, c.expect, { params: c.params });
  });
});

describe('one pass', () => {
  it('stops collecting at 100 diagnostics', () => {
    const steps = Array.from({ length: 150 }, (_, i) => `  s${i}: { uses: nope.kind${i} }`).join('\n');
    const source = `headrace: 1\nname: t\nsteps:\n${steps}\n`;
    const diagnostics = validate(source);
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(diagnostics[0]).toMatchObject({ line: 4, col: 15, code: 'unknown-kind' });
  });

  it('validate() checks with declared defaults and does not require param values', () => {
    const source = head.replace('steps:', '  seed: { type: integer }\nsteps:');
    expect(validate(source)).toEqual([]);
  });
});

describe('parameters without a value', () => {
  const source = head.replace('steps:', '  seed: { type: integer }\nsteps:') +
    "  split:\n    uses: prepare.split\n    in: { table: ingest.table }\n    with: { seed: '${{ params.seed }}' }\n";

  it('validate() leaves the values that wait for them unchecked', () => {
    expect(validate(source)).toEqual([]);
  });

  it('compile() needs a value, and uses the one given', () => {
    expectDiagnostics(source, [['5:3', "param 'seed' has no value"]]);
    expectDiagnostics(source, [], { params: { seed: 3 } });
  });
});

describe('data roots', () => {
  const source = [
    'headrace: 1',
    'name: t',
    'steps:',
    '  a: { uses: ingest.csv, with: { path: /etc/passwd } }',
    '  b: { uses: ingest.csv, with: { path: ../../secrets.csv } }',
    '  c: { uses: ingest.csv, with: { path: data/ok.csv } }',
    '  d: { uses: ingest.json, with: { path: /srv/data/x.json } }',
    '',
  ].join('\n');
  const roots = ['/srv/data', '/home/me/project'];

  it('refuses a path outside every root, at its value, naming the roots', () => {
    expectDiagnostics(source, [
      ['4:40', "ingest.csv config: 'path' reads /etc/passwd, outside the data roots (/srv/data, /home/me/project)"],
      ['5:40', "'path' reads ../../secrets.csv (/home/me/secrets.csv), outside the data roots"],
    ], { baseDir: '/home/me/project/pipelines', dataRoots: roots });
  });

  it('validate() checks the same way; nothing is checked without roots', () => {
    expect(validate(source, { baseDir: '/home/me/project/pipelines', dataRoots: roots }).map((d) => d.code)).toEqual(['data-root', 'data-root']);
    expect(validate(source)).toEqual([]);
  });

  it('a root is a folder, not a prefix of a name', () => {
    const one = 'headrace: 1\nname: t\nsteps:\n  a: { uses: ingest.csv, with: { path: /srv/data-old/x.csv } }\n';
    expect(validate(one, { dataRoots: ['/srv/data'] }).map((d) => d.code)).toEqual(['data-root']);
    expect(validate(one, { dataRoots: ['/'] })).toEqual([]);
  });
});
