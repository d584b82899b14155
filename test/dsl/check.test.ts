// Checker rules through the one harness: snippet -> exact messages at exact positions.
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS, validate } from '../../dsl';
import { columnsCases } from './cases/columns';
import { configCases } from './cases/config';
import { envelopeCases } from './cases/envelope';
import { gatesCases } from './cases/gates';
import { graphCases } from './cases/graph';
import { paramsCases } from './cases/params';
import { severalCases } from './cases/several';
import { expectDiagnostics, head } from './harness';

const cases = [...envelopeCases, ...configCases, ...graphCases, ...paramsCases, ...columnsCases, ...gatesCases, ...severalCases];

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
