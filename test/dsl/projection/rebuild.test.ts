// The penguins pipeline rebuilt on the canvas from an empty document compiles to the example's Plan.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addStep, compile, connect, PORT_REF, projectGraph, setConfig, uniqueStepId, type Plan } from '../../../dsl';
import { penguinsSource } from './corpus';

type Body = { uses: string; in?: Record<string, string>; with?: Record<string, unknown> };

const planSteps = (plan: Plan | undefined) =>
  (plan?.steps ?? []).map((s) => ({ id: s.id, uses: s.uses, inputs: s.inputs, config: s.config, dependsOn: s.dependsOn }));

/** Every leaf of a config as (path, value), so nested maps are built one setConfig at a time. */
function leaves(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [[path, value]];
}

function rebuild(deep: boolean): string {
  const steps = parse(penguinsSource).steps as Record<string, Body>;
  let source = 'headrace: 1\nname: penguins\nsteps: {}\n';
  for (const [id, body] of Object.entries(steps)) {
    source = addStep(source, { id, kind: body.uses });
    for (const [port, ref] of Object.entries(body.in ?? {})) {
      const [, step, output] = PORT_REF.exec(ref) as RegExpExecArray;
      source = connect(source, { source: step, sourcePort: output, target: id, targetPort: port });
    }
    const edits = deep ? leaves(body.with ?? {}) : Object.entries(body.with ?? {}).map(([k, v]) => [[k], v] as [(string | number)[], unknown]);
    for (const [path, value] of edits) if (path.length > 0) source = setConfig(source, id, path, value);
  }
  return source;
}

describe('penguins rebuilt from an empty document', () => {
  const expected = compile(penguinsSource, { baseDir: '/p' }).plan;

  it.each([['key by key', false], ['leaf by leaf', true]] as const)('%s: same Plan steps, inputs and config', (_name, deep) => {
    const source = rebuild(deep);
    const result = compile(source, { baseDir: '/p' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(planSteps(result.plan)).toEqual(planSteps(expected));
    expect(projectGraph(source).graph?.edges.map((e) => e.id)).toEqual(projectGraph(penguinsSource).graph?.edges.map((e) => e.id));
  });

  it('reads like a hand-written file', () => {
    const source = rebuild(false);
    expect(source).toContain(
      '  clean:\n    uses: prepare.dropna\n    in: { table: validate.table }\n    with:\n      columns:\n        - Beak Length (mm)\n        - Beak Depth (mm)\n',
    );
    expect(source).toContain('  register:\n    uses: registry.register\n    in: { model: train.model, metrics: evaluate.metrics }\n    with:\n      name: penguins\n');
    expect(source).toContain('        Species: { type: string, nulls: 0, values: [Adelie, Chinstrap, Gentoo] }\n');
  });

  it('palette ids: train, train-2, ...', () => {
    let source = 'headrace: 1\nname: t\nsteps: {}\n';
    expect(uniqueStepId(source, 'train.logistic')).toBe('train');
    source = addStep(source, { id: 'train', kind: 'train.logistic' });
    expect(uniqueStepId(source, 'train.logistic')).toBe('train-2');
    source = addStep(source, { id: 'train-2', kind: 'train.logistic' });
    expect(uniqueStepId(source, 'train.logistic')).toBe('train-3');
    expect(uniqueStepId(source, 'Weird Kind.x')).toBe('weird-kind');
    expect(uniqueStepId(source, '9.x')).toBe('step');
  });
});
