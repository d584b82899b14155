import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestCsv, ingestJson } from '../../workers/compute/data/ingest';
import { validateTable, type RuleResult, type ValidationReport } from '../../workers/compute/data/validate';
import { writeReport, readReport } from '../../workers/compute/data/report';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { fixture, PENGUINS, tempDir } from './helpers';

const rule = (r: ValidationReport, kind: RuleResult['rule'], column: string | null = null): RuleResult => {
  const found = r.rules.find((x) => x.rule === kind && x.column === column);
  if (!found) throw new Error(`no ${kind} rule for ${column}: ${JSON.stringify(r.rules)}`);
  return found;
};

describe('validateTable', () => {
  it('profiles every column and passes when the rules hold', async () => {
    const { table } = await ingestJson(PENGUINS);
    const r = validateTable(table, {
      minRows: 100,
      columns: {
        Species: { type: 'string', values: ['Adelie', 'Gentoo', 'Chinstrap'], nulls: 0 },
        'Body Mass (g)': { type: 'number', min: 2000, max: 7000, nullFraction: 0.01 },
      },
    });
    expect(r.ok).toBe(true);
    expect(r.rows).toBe(344);
    expect(r.rules).toHaveLength(8);
    expect(r.summary).toBe('all 8 rules passed (344 rows, 7 columns)');
    const mass = r.columns.find((c) => c.name === 'Body Mass (g)')!;
    expect(mass).toMatchObject({ type: 'integer', expectedType: 'number', nulls: 2, min: 2700, max: 6300, typeErrors: 0, distinctExact: true });
    expect(mass.nullFraction).toBeCloseTo(2 / 344);
    expect(mass.mean).toBeCloseTo(4201.75, 1);
    const species = r.columns.find((c) => c.name === 'Species')!;
    expect(species).toMatchObject({ distinct: 3, nulls: 0, mean: null });
  });

  it('fails each rule with a precise message', async () => {
    const { table } = await ingestJson(PENGUINS);
    const r = validateTable(table, {
      minRows: 1000,
      allowExtraColumns: false,
      columns: {
        Species: { type: 'integer', values: ['Adelie', 'Gentoo'] },
        Island: { unique: true },
        Sex: { nulls: 0, nullFraction: 0.01 },
        'Body Mass (g)': { min: 3000, max: 6000 },
        'Beak Length (mm)': {},
        'Beak Depth (mm)': {},
        'Flipper Length (mm)': {},
        Weight: { type: 'number' },
      },
    });
    expect(r.ok).toBe(false);
    expect(rule(r, 'minRows')).toMatchObject({ ok: false, message: 'table has 344 rows, fewer than minRows 1000' });
    expect(rule(r, 'type', 'Species')).toMatchObject({ ok: false, message: 'column "Species": expected integer, found string' });
    expect(rule(r, 'values', 'Species')).toMatchObject({ ok: false, failingRows: 68, message: 'column "Species": 68 rows with values not in [Adelie, Gentoo] (e.g. "Chinstrap")' });
    expect(rule(r, 'unique', 'Island')).toMatchObject({ ok: false, failingRows: 341, message: 'column "Island": 341 rows repeat an earlier value' });
    expect(rule(r, 'nulls', 'Sex')).toMatchObject({ ok: false, failingRows: 10, message: 'column "Sex": 10 nulls, more than the allowed 0' });
    expect(rule(r, 'nullFraction', 'Sex')).toMatchObject({ ok: false, message: 'column "Sex": null fraction 0.0291 above 0.01' });
    const below = rule(r, 'min', 'Body Mass (g)');
    expect(below.ok).toBe(false);
    expect(below.message).toMatch(/^column "Body Mass \(g\)": \d+ rows below min 3000$/);
    expect(rule(r, 'max', 'Body Mass (g)').message).toMatch(/^column "Body Mass \(g\)": \d+ rows above max 6000$/);
    expect(rule(r, 'missingColumn', 'Weight')).toMatchObject({ ok: false, message: 'column "Weight" is missing' });
    expect(r.rules.some((x) => x.rule === 'extraColumn')).toBe(false); // every table column is named
    const withExtra = validateTable(table, { allowExtraColumns: false, columns: { Species: {} } });
    expect(rule(withExtra, 'extraColumn', 'Island')).toMatchObject({ ok: false, message: 'column "Island" is not declared (allowExtraColumns is false)' });
    const failed = r.rules.filter((x) => !x.ok).length;
    expect(r.summary.startsWith(`${failed} of ${r.rules.length} rules failed: table has 344 rows`)).toBe(true);
  });

  it('counts exactly the rows outside min/max', async () => {
    const { table } = await ingestCsv(fixture('good.csv'));
    const r = validateTable(table, { columns: { age: { min: 30, max: 50 }, joined: { min: '2023-02-01' }, name: { min: 'B' } } });
    expect(rule(r, 'min', 'age')).toMatchObject({ failingRows: 1, rows: [3], message: 'column "age": 1 row below min 30' });
    expect(rule(r, 'max', 'age')).toMatchObject({ failingRows: 1, rows: [4], message: 'column "age": 1 row above max 50' });
    expect(rule(r, 'min', 'joined')).toMatchObject({ failingRows: 1, rows: [1] });
    expect(rule(r, 'min', 'name')).toMatchObject({ failingRows: 1, rows: [1] });
    const bad = validateTable(table, { columns: { member: { min: 1 } } });
    expect(rule(bad, 'min', 'member')).toMatchObject({ ok: false, message: 'column "member": min 1 does not apply to a boolean column' });
  });

  it('reports values that failed the declared type at ingest as type failures', async () => {
    const { table, summary } = await ingestCsv(fixture('wrong-types.csv'), { columns: { amount: { type: 'number' }, when: { type: 'date' } } });
    const r = validateTable(table, { columns: { amount: { type: 'number' } } }, summary);
    expect(r.ok).toBe(false);
    expect(rule(r, 'type', 'amount')).toMatchObject({ ok: false, failingRows: 2, rows: [2, 6], message: 'column "amount": 2 values not number at ingest (rows 2, 6; e.g. "abc", "x1")' });
    // A column the config does not mention still fails on its ingest errors.
    expect(rule(r, 'type', 'when')).toMatchObject({ ok: false, failingRows: 2 });
    const col = r.columns.find((c) => c.name === 'amount')!;
    expect(col).toMatchObject({ typeErrors: 2, typeErrorRows: [2, 6], typeErrorExamples: ['abc', 'x1'], nulls: 3 });
    // The summary also travels inside the table (schema metadata): same result without it.
    expect(validateTable(table, { columns: { amount: { type: 'number' } } }).rules).toEqual(r.rules);
  });

  it('fails on malformed source rows', async () => {
    const { table } = await ingestCsv(fixture('malformed.csv'));
    const r = validateTable(table, {});
    expect(r.ok).toBe(false);
    expect(rule(r, 'malformedRows')).toMatchObject({ failingRows: 2, rows: [2, 3], message: '2 malformed rows in malformed.csv (rows 2, 3): wrong number of fields' });
    expect(r.summary).toBe('1 of 1 rule failed: 2 malformed rows in malformed.csv (rows 2, 3): wrong number of fields');
  });

  it('checks minRows and accepts an empty rule set', async () => {
    const { table } = await ingestCsv(fixture('good.csv'));
    expect(validateTable(table, { minRows: 5 }).ok).toBe(true);
    expect(rule(validateTable(table, { minRows: 6 }), 'minRows')).toMatchObject({ ok: false, message: 'table has 5 rows, fewer than minRows 6' });
    expect(validateTable(table, {}).summary).toBe('no rules checked; 5 rows, 6 columns');
  });

  it('values and unique work on booleans, numbers and dates', async () => {
    const { table } = await ingestCsv(fixture('good.csv'));
    const r = validateTable(table, { columns: { member: { values: [true] }, age: { values: [34, 41, 29, 52, 38], unique: true }, joined: { values: ['2023-01-05'] } } });
    expect(rule(r, 'values', 'member')).toMatchObject({ failingRows: 2, message: 'column "member": 2 rows with values not in [true] (e.g. "false")' });
    expect(rule(r, 'values', 'age').ok).toBe(true);
    expect(rule(r, 'unique', 'age').ok).toBe(true);
    expect(rule(r, 'values', 'joined').failingRows).toBe(4);
  });

  it('persists the report as a JSON artifact and returns a ReportRef', async () => {
    const t = tempDir();
    try {
      const store = new LocalArtifactStore(join(t.dir, 'a'));
      const { table } = await ingestJson(PENGUINS);
      const report = validateTable(table, { columns: { Sex: { nulls: 0 } } });
      const ref = await writeReport(store, report);
      expect(ref).toMatchObject({ type: 'Report', ok: false, summary: '1 of 1 rule failed: column "Sex": 10 nulls, more than the allowed 0' });
      expect(ref.uri).toBe(`artifact://sha256/${ref.hash}.json`);
      expect(await readReport<ValidationReport>(store, ref)).toEqual(report);
    } finally {
      t.cleanup();
    }
  });
});
