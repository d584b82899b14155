// The retraining triggers in the DSL: data (polled source or webhook), drift, performance, and `cooldown:` —
// located errors for each mistake, the Plan they compile to, the JSON Schema, and the editor keeping them.
import { describe, expect, it } from 'vitest';
import { compile, pipelineJsonSchema, projectGraph, renameStep } from '../../dsl';
import { expectDiagnostics, head } from './harness';

const withTriggers = (triggers: string, extra = '') => head.replace('steps:', `${extra}triggers:\n${triggers}steps:`);

describe('retraining triggers: the checker', () => {
  it('accepts every kind, with a cooldown', () => {
    const source = withTriggers(
      '  - manual: {}\n' +
        '  - data: { source: data/penguins.csv, every: 5m }\n' +
        '  - data: { webhook: penguins-upload }\n' +
        '  - drift: { endpoint: penguins, severity: critical }\n' +
        '  - performance: { endpoint: penguins, metric: accuracy, below: 0.8, minLabelled: 50 }\n',
      'cooldown: 6h\n',
    );
    expectDiagnostics(source, []);
  });

  it.each([
    ['a bad cooldown', withTriggers('  - drift: { endpoint: penguins }\n', 'cooldown: six hours\n'), [['5:11', "'cooldown' must be a duration like \"30s\", \"10m\", \"1h\" or \"2d\", got \"six hours\""]]],
    ['a bad endpoint name', withTriggers('  - drift: { endpoint: Penguins! }\n'), [['6:24', "'triggers[0].drift.endpoint' must be an endpoint name: lower-case letters"]]],
    ['an endpoint named like a CLI word', withTriggers('  - drift: { endpoint: set }\n'), [['6:24', 'and not "set", got "set"']]],
    ['a bad drift severity', withTriggers('  - drift: { endpoint: penguins, severity: high }\n'), [['6:44', "'triggers[0].drift.severity' must be one of"]]],
    ['an unknown metric', withTriggers('  - performance: { endpoint: penguins, metric: precision, below: 0.8 }\n'), [['6:48', "'triggers[0].performance.metric' must be one of"]]],
    ['a performance trigger without a bound', withTriggers('  - performance: { endpoint: penguins, metric: rmse }\n'), [['6:5', 'performance trigger: give the threshold, e.g. above: 0.5']]],
    ['a performance trigger with both bounds', withTriggers('  - performance: { endpoint: penguins, metric: accuracy, below: 0.8, above: 0.9 }\n'), [['6:70', 'performance trigger: give one bound, below or above, not both']]],
    ['a data trigger with neither source nor webhook', withTriggers('  - data: { every: 5m }\n'), [['6:5', 'data trigger: give source']]],
    ['a data trigger with both', withTriggers('  - data: { source: a.csv, webhook: up }\n'), [['6:28', 'data trigger: give either source']]],
    ['every with a webhook', withTriggers('  - data: { webhook: up, every: 5m }\n'), [['6:26', 'data trigger: every applies to a polled source']]],
    ['a bad poll interval', withTriggers('  - data: { source: a.csv, every: often }\n'), [['6:35', "'triggers[0].data.every' must be a duration"]]],
    ['a URL that cannot be polled', withTriggers('  - data: { source: "s3://bucket/a.csv" }\n'), [['6:21', "data trigger: source 's3://bucket/a.csv' is a URL of a scheme that cannot be polled"]]],
    ['a bad webhook name', withTriggers('  - data: { webhook: "New Data" }\n'), [['6:22', "'triggers[0].data.webhook' must be a webhook name"]]],
    ['an unknown key in a drift trigger', withTriggers('  - drift: { endpoint: penguins, feature: bill }\n'), [['6:34', "'triggers[0].drift' unknown key 'feature'"]]],
  ] as const)('refuses %s, at its place', (_name, source, expected) => {
    expectDiagnostics(source, expected.map((e) => [...e]) as [string, string][]);
  });
});

describe('retraining triggers: the Plan', () => {
  it('compiles each kind, resolving a polled file against the pipeline folder', () => {
    const source = withTriggers(
      '  - data: { source: data/penguins.csv }\n' +
        '  - data: { source: "https://example.org/p.csv", every: 30s }\n' +
        '  - data: { webhook: penguins-upload }\n' +
        '  - drift: { endpoint: penguins }\n' +
        '  - performance: { endpoint: penguins, metric: logLoss, above: 0.7 }\n',
      'cooldown: 6h\n',
    );
    const { plan, diagnostics } = compile(source, { baseDir: '/srv/pipelines' });
    expect(diagnostics).toEqual([]);
    expect(plan?.cooldownSeconds).toBe(6 * 3600);
    expect(plan?.triggers).toEqual([
      { type: 'data', source: '/srv/pipelines/data/penguins.csv', everySeconds: 600 },
      { type: 'data', source: 'https://example.org/p.csv', everySeconds: 30 },
      { type: 'data', webhook: 'penguins-upload' },
      { type: 'drift', endpoint: 'penguins', severity: 'warning' },
      { type: 'performance', endpoint: 'penguins', metric: 'logLoss', above: 0.7 },
    ]);
  });

  it('has no cooldown unless one is declared', () => {
    const { plan } = compile(withTriggers('  - drift: { endpoint: penguins }\n'));
    expect(plan?.cooldownSeconds).toBeUndefined();
  });
});

describe('retraining triggers: the JSON Schema and the editor', () => {
  it('offers the new kinds and cooldown to editors', () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, { items?: { properties?: Record<string, unknown> } }> };
    expect(Object.keys(schema.properties.triggers.items?.properties ?? {})).toEqual(['manual', 'schedule', 'data', 'drift', 'performance']);
    expect(schema.properties.cooldown).toBeDefined();
  });

  it('keeps the triggers and the cooldown through a graph edit', () => {
    const source = withTriggers('  - drift: { endpoint: penguins }\n  - performance: { endpoint: penguins, metric: f1Macro, below: 0.7 }\n', 'cooldown: 6h\n');
    const text = renameStep(source, 'ingest', 'load');
    expect(text).toContain('cooldown: 6h\ntriggers:\n  - drift: { endpoint: penguins }\n  - performance: { endpoint: penguins, metric: f1Macro, below: 0.7 }\n');
    expect(projectGraph(text).graph?.nodes.map((n) => n.id)).toEqual(['load']);
  });
});
