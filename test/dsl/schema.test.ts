// The JSON Schema for editors, and the diagnostic format for terminals.
import { describe, expect, it } from 'vitest';
import { catalog, formatDiagnostic, pipelineJsonSchema, validate } from '../../dsl';

describe('pipelineJsonSchema', () => {
  const schema = pipelineJsonSchema();
  const text = JSON.stringify(schema);

  it('is JSON that round-trips', () => {
    expect(JSON.parse(text)).toEqual(schema);
  });

  it('names every step kind, with a uses -> with clause each', () => {
    const step = (schema.$defs as { step: { properties: { uses: { enum: string[] } }; allOf: unknown[] } }).step;
    expect(step.properties.uses.enum.sort()).toEqual(Object.keys(catalog).sort());
    expect(step.allOf).toHaveLength(Object.keys(catalog).length);
    for (const kind of Object.keys(catalog)) expect(text).toContain(`{"const":"${kind}"}`);
  });

  it('carries config descriptions and defaults, and allows ${{ params.X }} for numbers', () => {
    const step = (schema.$defs as { step: { allOf: { if: any; then: any }[] } }).step;
    const train = step.allOf.find((c) => c.if.properties.uses.const === 'train.logistic');
    const epochs = train?.then.properties.with.properties.epochs;
    expect(epochs.default).toBe(100);
    expect(epochs.description).toMatch(/Passes/);
    expect(JSON.stringify(epochs.anyOf)).toContain('params');
    expect(train?.then.properties.with.required).toEqual(['target']);
    expect(train?.then.required).toEqual(['in', 'with']);
  });
});

describe('what the schema refuses', () => {
  const step = (pipelineJsonSchema().$defs as { step: { properties: Record<string, any>; allOf: { if: any; then: any }[] } }).step;

  it('offers resources.gpu only (cpu and memory are refused by the checker)', () => {
    expect(Object.keys(step.properties.resources.properties)).toEqual(['gpu']);
    expect(step.properties.resources.additionalProperties).toBe(false);
  });

  it('offers registry stages none and staging, never production', () => {
    const register = step.allOf.find((c) => c.if.properties.uses.const === 'registry.register');
    expect(register?.then.properties.with.properties.stage.enum).toEqual(['none', 'staging']);
  });
});

describe('formatDiagnostic', () => {
  it('prints FILE:LINE:COL: severity: message', () => {
    const [d] = validate('headrace: 1\nname: t\nsteps:\n  a: { uses: ingest.cvs }\n');
    expect(formatDiagnostic('pipelines/t.yaml', d)).toBe(
      "pipelines/t.yaml:4:14: error: unknown step kind 'ingest.cvs' (did you mean 'ingest.csv'?)",
    );
    expect(d).toMatchObject({ endLine: 4, endCol: 24, code: 'unknown-kind' });
  });
});
