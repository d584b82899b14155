// A pipeline's `monitor:` section: checked where it is written (its shape, and which endpoint it watches), compiled
// into the Plan as the monitor it applies, and offered by the JSON Schema.
import { describe, expect, it } from 'vitest';
import { compile, pipelineJsonSchema } from '../../dsl';
import { expectDiagnostics, head } from './harness';

/** `head` with a train → register → deploy chain (to `endpoints`, one deploy step each) and a monitor section. */
function pipeline(monitor: string, endpoints: string[] = ['pumps']): string {
  const deploys = endpoints
    .map((e, i) => `  deploy${i}:\n    uses: deploy.endpoint\n    in: { version: register.version }\n    with: { endpoint: ${e} }\n`)
    .join('');
  const steps =
    '  train:\n    uses: train.logistic\n    in: { table: ingest.table }\n    with: { target: y, features: [a, b] }\n' +
    '  register:\n    uses: registry.register\n    in: { model: train.model }\n    with: { name: t }\n' +
    deploys;
  return head.replace('steps:', `${monitor}steps:`) + steps;
}

describe('the monitor: section of a pipeline', () => {
  it('watches the endpoint the pipeline deploys to, with the monitor spec\'s defaults', () => {
    const { plan, diagnostics } = compile(pipeline('monitor:\n  window: 10m\n  drift: { share: 0.25 }\n  quality: { accuracy: { min: 0.8 } }\n'));
    expect(diagnostics).toEqual([]);
    expect(plan?.monitor).toEqual({
      monitor: 'pumps', window: '10m', drift: { share: 0.25 }, quality: { minLabelled: 30, accuracy: { min: 0.8 } },
    });
  });

  it('watches the endpoint it names, also when no step deploys', () => {
    const { plan, diagnostics } = compile(pipeline('monitor:\n  endpoint: elsewhere\n  window: { predictions: 200 }\n', []));
    expect(diagnostics).toEqual([]);
    expect(plan?.monitor).toMatchObject({ monitor: 'elsewhere', window: { predictions: 200 } });
  });

  it('leaves the Plan without a monitor when there is no section', () => {
    expect(compile(pipeline('')).plan?.monitor).toBeUndefined();
  });

  it.each([
    ['no deploy step and no endpoint', pipeline('monitor:\n  window: 1h\n', []), [['5:1', 'monitor: no step deploys to an endpoint (deploy.endpoint, deploy.rollout, deploy.lifecycle): name the endpoint watched with `endpoint:`']]],
    ['two endpoints and no choice', pipeline('monitor:\n  window: 1h\n', ['a', 'b']), [['5:1', 'monitor: the pipeline deploys to "a" and "b": name the endpoint watched with `endpoint:`']]],
    ['a bad window', pipeline('monitor:\n  window: hourly\n'), [['6:11', "'monitor.window'"]]],
    ['a threshold out of range', pipeline('monitor:\n  features: { default: { js: 2 } }\n'), [['6:30', "'monitor.features.default.js' must be <= 1, got 2"]]],
    ['an unknown key', pipeline('monitor:\n  windw: 1h\n'), [['6:3', "unknown key 'windw'"]]],
    ['a monitor: key inside, as in a monitor file', pipeline('monitor:\n  monitor: pumps\n'), [['6:3', "unknown key 'monitor'"]]],
  ] as const)('refuses %s, at its place', (_name, source, expected) => {
    expectDiagnostics(source, expected.map((e) => [...e]) as [string, string][]);
  });

  it('is in the JSON Schema', () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.monitor.properties ?? {})).toEqual(expect.arrayContaining(['endpoint', 'window', 'features', 'drift', 'quality', 'alerts']));
  });
});
