// The compiler builds the Plan from checked values without parsing it again with the Plan schema. This proves the
// two agree: for every pipeline in the repository, the compile bench's shapes, and a pipeline using every optional
// part of a Plan, Plan.parse gives back the same value with its keys in the same order (the stored Plan's JSON).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../dsl';
import { Plan } from '../../dsl/plan';
import { shapedPipeline, SHAPES } from '../../bench/lib/shapes';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) && !name.includes('.monitor.') ? [path] : [];
  });
}

/** Compiles `source` and checks that Plan.parse changes nothing in its Plan, not even the order of keys. */
function expectSchemaShaped(source: string, baseDir = '/srv/pipelines'): Plan {
  const { plan, diagnostics } = compile(source, { baseDir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!plan) throw new Error('no plan');
  expect(JSON.stringify(Plan.parse(plan))).toBe(JSON.stringify(plan));
  expect(Plan.parse(plan)).toEqual(plan);
  return plan;
}

const EVERYTHING = `headrace: 1
name: everything
description: Every optional part of a Plan at once.
params:
  lr: { type: number, default: 0.1 }
triggers:
  - manual: {}
  - schedule: { cron: "0 3 * * *", timezone: Europe/Paris, overlap: buffer }
  - data: { source: data/penguins.csv, every: 5m }
  - data: { webhook: penguins-upload }
  - drift: { endpoint: penguins, severity: critical }
  - performance: { endpoint: penguins, metric: accuracy, below: 0.8, minLabelled: 50 }
cooldown: 6h
monitor:
  window: { predictions: 200 }
  drift: { share: 0.25, severity: critical }
steps:
  ingest:
    uses: ingest.csv
    with: { path: data/penguins.csv }
    retry: { attempts: 5, backoff: 3 }
    timeout: 2m
  split:
    uses: prepare.split
    in: { table: ingest.table }
    with: { test: 0.25, seed: 11 }
    cache: true
  train:
    uses: train.logistic
    in: { table: split.train }
    with:
      target: species
      epochs: 20
      learningRate: \${{ params.lr }}
    resources: { gpu: 1 }
  sweep:
    uses: train.mlp
    in: { table: split.train }
    with: { target: species, epochs: 5, validationFraction: 0.2 }
    matrix: { learningRate: [0.1, 0.01] }
    parallelism: 2
    select: { metric: val_accuracy, mode: max }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
    gate: { accuracy: ">= 0.5" }
  register:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    when: \${{ steps.evaluate.metrics.accuracy }} >= 0.6 && \${{ params.lr }} > 0
    needs: [sweep]
    with: { name: penguins }
  deploy:
    uses: deploy.endpoint
    in: { version: register.version }
    with: { endpoint: penguins }
`;

describe('the Plan as compiled is the Plan as its schema reads it', () => {
  const root = join(__dirname, '..', '..');
  const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test/dsl/fixtures'))].filter((f) =>
    /^headrace: /m.test(readFileSync(f, 'utf8')),
  );

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_name, file) => {
    expectSchemaShaped(readFileSync(file, 'utf8'), dirname(file));
  });

  it.each(SHAPES.flatMap((shape) => [20, 200].map((n) => [shape, n] as const)))('the %s shape at %i steps', (shape, n) => {
    expect(expectSchemaShaped(shapedPipeline(shape, n).yaml).steps).toHaveLength(n);
  });

  it('a pipeline with every optional part: triggers, cooldown, monitor, retry, timeout, cache, gpu, sweep, gate, when', () => {
    const plan = expectSchemaShaped(EVERYTHING);
    const step = (id: string) => plan.steps.find((s) => s.id === id);
    // Each optional part is really there, so the comparison above covered it.
    expect(plan.description).toBeDefined();
    expect(plan.triggers?.map((t) => t.type)).toEqual(['manual', 'schedule', 'data', 'data', 'drift', 'performance']);
    expect(plan.cooldownSeconds).toBe(6 * 3600);
    expect(plan.monitor).toBeDefined();
    expect(step('ingest')?.retry.maximumAttempts).toBe(5);
    expect(step('ingest')?.timeoutSeconds).toBe(120);
    expect(step('split')?.cache).toBe(true);
    expect(step('train')?.resources).toEqual({ gpu: 1 });
    expect(step('train')?.heartbeatSeconds).toBeGreaterThan(0);
    expect(step('sweep')?.sweep?.trials).toHaveLength(2);
    expect(step('evaluate')?.gate).toHaveLength(1);
    expect(step('register')?.when?.expr).toBeDefined();
    expect(step('register')?.dependsOn).toEqual(['train', 'evaluate', 'sweep']);
  });
});
