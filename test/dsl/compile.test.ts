// Good pipelines compile to a Plan with the expected order, config, defaults and activity options.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, Plan, type PlanStep } from '../../dsl';
import { normalizePath, resolvePath } from '../../dsl/compile';
import { portableSourceHash } from '../../dsl/compile/compile';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const stepOf = (plan: Plan | undefined, id: string): PlanStep => {
  const step = plan?.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
};

function compileOk(source: string, options = {}) {
  const result = compile(source, options);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.plan).toBeDefined();
  return Plan.parse(result.plan);
}

describe('penguins', () => {
  const source = fixture('penguins.yaml');

  it('is the example pipeline of examples/penguins', () => {
    const example = readFileSync(new URL('../../examples/penguins/pipeline.yaml', import.meta.url), 'utf8');
    expect(example).toBe(source);
  });

  it('compiles in file order, with defaults, resolved paths, params and gates', () => {
    const plan = compileOk(source, { baseDir: '/srv/examples/penguins' });
    expect(plan.pipeline).toBe('penguins');
    expect(plan.steps.map((s) => s.id)).toEqual(['ingest', 'validate', 'clean', 'split', 'train', 'evaluate', 'register', 'deploy']);
    expect(plan.params).toEqual({ minAccuracy: 0.9 });
    expect(stepOf(plan, 'ingest').config.path).toBe('/srv/examples/penguins/data/penguins.json');
    expect(stepOf(plan, 'train').config).toEqual({
      target: 'Species',
      features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
      solver: 'sgd',
      epochs: 200,
      learningRate: 0.1,
      batchSize: 32,
      tolerance: 0.0001,
      l2: 0.0001,
      seed: 42,
    });
    expect(stepOf(plan, 'validate').config.allowExtraColumns).toBe(true);
    expect(stepOf(plan, 'evaluate').gate).toEqual([
      { metric: 'accuracy', op: '>=', value: 0.9, source: 'accuracy >= 0.9' },
    ]);
    expect(stepOf(plan, 'evaluate').inputs).toEqual({ model: { step: 'train', port: 'model' }, table: { step: 'split', port: 'test' } });
    expect(stepOf(plan, 'register').dependsOn).toEqual(['train', 'evaluate']);
    expect(stepOf(plan, 'register').config).toEqual({ name: 'penguins', stage: 'staging', tags: { dataset: 'palmer-penguins' } });
    expect(stepOf(plan, 'deploy')).toMatchObject({ uses: 'deploy.endpoint', dependsOn: ['register'], inputs: { version: { step: 'register', port: 'version' } } });
    expect(stepOf(plan, 'deploy').config).toEqual({ endpoint: 'penguins', strategy: 'replace' });
  });

  it('takes kind execution defaults (train: 1 h, heartbeat 10 s)', () => {
    const plan = compileOk(source);
    expect(stepOf(plan, 'train')).toMatchObject({
      taskQueue: 'headrace-cpu',
      timeoutSeconds: 3600,
      heartbeatSeconds: 10,
      retry: { maximumAttempts: 3, initialIntervalSeconds: 1, backoffCoefficient: 2 },
    });
    expect(stepOf(plan, 'split').heartbeatSeconds).toBeUndefined();
    expect(stepOf(plan, 'split').timeoutSeconds).toBe(600);
  });

  it('keeps relative paths relative (normalized) without a baseDir', () => {
    expect(stepOf(compileOk(source), 'ingest').config.path).toBe('data/penguins.json');
  });

  it('applies a param override (a CLI string read as the declared type) to the gate', () => {
    const plan = compileOk(source, { params: { minAccuracy: '0.95' } });
    expect(plan.params).toEqual({ minAccuracy: 0.95 });
    expect(stepOf(plan, 'evaluate').gate[0]).toMatchObject({ op: '>=', value: 0.95 });
  });

  it('hashes the source with sha256', () => {
    const plan = compileOk(source);
    expect(plan.sourceHash).toBe(createHash('sha256').update(source).digest('hex'));
    expect(compileOk(source + '\n').sourceHash).not.toBe(plan.sourceHash);
    // Where there is no Node (the browser, the workflow sandbox) the same hash comes from @noble/hashes.
    expect(portableSourceHash(source)).toBe(plan.sourceHash);
    expect(portableSourceHash('é ✓ \u{1F600}')).toBe(createHash('sha256').update('é ✓ \u{1F600}').digest('hex'));
  });

  it('is plain JSON', () => {
    const plan = compileOk(source);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('churn (every option, steps out of order)', () => {
  const plan = compileOk(fixture('churn.yaml'), { baseDir: '/repo/pipelines/churn' });

  it('orders topologically, file order among ready steps', () => {
    expect(plan.steps.map((s) => s.id)).toEqual(['ingest', 'audit', 'check', 'split', 'train', 'evaluate', 'register']);
    expect(stepOf(plan, 'check').dependsOn).toEqual(['ingest', 'audit']);
  });

  it('substitutes typed values and interpolates strings', () => {
    expect(stepOf(plan, 'train').config.epochs).toBe(30);
    expect(stepOf(plan, 'register').config.name).toBe('churn-v1');
  });

  it('resolves relative paths against baseDir and keeps absolute ones', () => {
    expect(stepOf(plan, 'ingest').config.path).toBe('/repo/pipelines/common/data/churn.csv');
    expect(stepOf(plan, 'audit').config.path).toBe('/var/data/audit.jsonl');
  });

  it('overrides execution from retry, timeout and resources; gpu > 0 goes to the GPU queue', () => {
    expect(stepOf(plan, 'train')).toMatchObject({
      taskQueue: 'headrace-gpu',
      timeoutSeconds: 7200,
      heartbeatSeconds: 10,
      retry: { maximumAttempts: 5, initialIntervalSeconds: 1, backoffCoefficient: 3 },
      resources: { gpu: 1 },
      cache: true,
    });
    expect(stepOf(plan, 'split').timeoutSeconds).toBe(90);
    expect(stepOf(plan, 'split').taskQueue).toBe('headrace-cpu');
  });

  it('keeps when, gates with several ops, and triggers', () => {
    expect(stepOf(plan, 'register').when).toEqual({
      source: "${{ steps.evaluate.metrics.accuracy }} >= ${{ params.minAccuracy }} && ${{ steps.check.state }} == 'succeeded'",
      expr: {
        kind: 'and',
        left: { kind: 'compare', op: '>=', left: { kind: 'metric', step: 'evaluate', metric: 'accuracy' }, right: { kind: 'literal', value: 0.8 } },
        right: { kind: 'compare', op: '==', left: { kind: 'state', step: 'check' }, right: { kind: 'literal', value: 'succeeded' } },
      },
    });
    expect(stepOf(plan, 'evaluate').gate).toEqual([
      { metric: 'accuracy', op: '>=', value: 0.8, source: 'accuracy >= 0.8' },
      { metric: 'logLoss', op: '<', value: 0.5, source: 'logLoss < 0.5' },
    ]);
    expect(plan.triggers).toEqual([
      { type: 'manual' },
      { type: 'schedule', cron: '0 3 * * MON', overlap: 'buffer', timezone: 'Europe/Paris', paused: false },
    ]);
  });

  it('overrides an integer param from text', () => {
    const p = compileOk(fixture('churn.yaml'), { params: { epochs: '12' } });
    expect(stepOf(p, 'train').config.epochs).toBe(12);
  });
});

describe('sixty steps', () => {
  it('compiles all 60 steps, each after its producers', () => {
    const plan = compileOk(fixture('sixty-steps.yaml'));
    expect(plan.steps).toHaveLength(60);
    const seen = new Set<string>();
    for (const step of plan.steps) {
      for (const dep of step.dependsOn) expect(seen.has(dep)).toBe(true);
      seen.add(step.id);
    }
    expect(stepOf(plan, 'train-3').config).toMatchObject({ epochs: 13, target: 'label', batchSize: 32 });
  });
});

describe('paths', () => {
  it.each([
    ['a/./b/../c', 'a/c'],
    ['/a/../../b', '/b'],
    ['../x/../y', '../y'],
    ['./', '.'],
  ])('normalizes %s to %s', (input, output) => {
    expect(normalizePath(input)).toBe(output);
  });

  it('keeps URLs and absolute paths', () => {
    expect(resolvePath('s3://bucket/x.csv', '/base')).toBe('s3://bucket/x.csv');
    expect(resolvePath('/abs/x.csv', '/base')).toBe('/abs/x.csv');
    expect(resolvePath('x.csv', '/base/')).toBe('/base/x.csv');
  });
});

describe('YAML anchors', () => {
  it('resolves aliases and << merge keys in config and step options', () => {
    const plan = compileOk(
      [
        'headrace: 1',
        'name: t',
        'steps:',
        '  a: { uses: ingest.csv, with: &csv { path: x.csv, delimiter: ";" }, retry: &r { attempts: 2 } }',
        '  b: { uses: ingest.csv, with: *csv, retry: *r }',
        '  c: { uses: ingest.csv, with: { <<: *csv, header: false } }',
      ].join('\n'),
    );
    expect(stepOf(plan, 'b').config).toMatchObject({ path: 'x.csv', delimiter: ';' });
    expect(stepOf(plan, 'b').retry.maximumAttempts).toBe(2);
    expect(stepOf(plan, 'c').config).toMatchObject({ path: 'x.csv', delimiter: ';', header: false });
  });
});
