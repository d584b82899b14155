// The "Edit params and run" form's reading: the declared params filled with the run's values (else the
// defaults), and typed values back from what was typed, or one sentence naming the param.
import { describe, expect, it } from 'vitest';
import { declaredParams, readParam, readParams } from '../../app/_components/run/run-again-params';

const source = `headrace: 1
name: p
params:
  epochs: { type: integer, default: 100, description: Passes over the rows }
  rate: { type: number, default: 0.1 }
  deep: { type: boolean, default: false }
  label: { type: string }
steps:
  w:
    uses: wait
    with: { duration: 1s }
`;

describe('declaredParams', () => {
  it('lists the params in order with types, descriptions and the run values over the defaults', () => {
    expect(declaredParams(source, { epochs: 40, deep: true })).toEqual([
      { name: 'epochs', type: 'integer', description: 'Passes over the rows', value: '40' },
      { name: 'rate', type: 'number', value: '0.1' },
      { name: 'deep', type: 'boolean', value: 'true' },
      { name: 'label', type: 'string', value: '' },
    ]);
  });

  it('is empty for a source that declares none', () => {
    expect(declaredParams(source.replace(/params:[\s\S]*?steps:/, 'steps:'), {})).toEqual([]);
  });
});

describe('readParam', () => {
  it('types what was typed', () => {
    expect(readParam({ name: 'e', type: 'integer' }, ' 12 ')).toEqual({ value: 12 });
    expect(readParam({ name: 'r', type: 'number' }, '1e-3')).toEqual({ value: 0.001 });
    expect(readParam({ name: 'd', type: 'boolean' }, 'false')).toEqual({ value: false });
    expect(readParam({ name: 's', type: 'string' }, ' as typed ')).toEqual({ value: ' as typed ' });
  });

  it('refuses a value of another type in one sentence naming the param', () => {
    expect(readParam({ name: 'epochs', type: 'integer' }, 'many')).toEqual({ error: 'epochs must be a whole number, not "many".' });
    expect(readParam({ name: 'epochs', type: 'integer' }, '1.5')).toEqual({ error: 'epochs must be a whole number, not 1.5.' });
    expect(readParam({ name: 'rate', type: 'number' }, '0,1')).toEqual({ error: 'rate must be a number, not "0,1".' });
    expect(readParam({ name: 'rate', type: 'number' }, '')).toEqual({ error: 'Give rate a value.' });
    expect(readParam({ name: 'deep', type: 'boolean' }, 'yes')).toEqual({ error: 'deep must be true or false.' });
  });
});

describe('readParams', () => {
  it('reads every param, or stops at the first bad one', () => {
    const params = declaredParams(source, {});
    expect(readParams(params, { label: 'x' })).toEqual({ values: { epochs: 100, rate: 0.1, deep: false, label: 'x' } });
    expect(readParams(params, { rate: 'fast', deep: 'maybe' })).toEqual({ error: 'rate must be a number, not "fast".', name: 'rate' });
  });
});
