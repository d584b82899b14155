// deploy.lifecycle's settings: the gate's conditions against the champion (">= baseline", with a margin, or
// absolute), the shadow, the approval and the canary, each mistake a located error; and how a gate is judged.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../dsl/compile';
import { judgeLifecycleGate, parseLifecycleCondition } from '../../dsl/catalog/lifecycle';

const penguins = readFileSync(resolve('examples/penguins/pipeline.yaml'), 'utf8');

/** The penguins pipeline ending with a deploy.lifecycle step whose `with:` is `settings` (a YAML block, indented 6). */
function pipeline(settings: string): string {
  const source = penguins.replace(/ {2}deploy:\n[\s\S]*$/, `  deploy:\n    uses: deploy.lifecycle\n    in: { version: register.version, test: split.test }\n    with:\n${settings}`);
  expect(source).toContain('uses: deploy.lifecycle');
  return source;
}

const errors = (settings: string) => compile(pipeline(settings)).diagnostics.filter((d) => d.severity === 'error');
/** The 1-based line of the first line of `text` in the pipeline. */
const lineOf = (source: string, text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('deploy.lifecycle settings', () => {
  it('applies the defaults: production as the baseline, accuracy >= baseline, the canary\'s defaults; a child step', () => {
    const { plan, diagnostics } = compile(pipeline('      endpoint: penguins\n'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan!.steps.find((s) => s.id === 'deploy')).toMatchObject({
      uses: 'deploy.lifecycle', mode: 'child', timeoutSeconds: 8 * 86_400,
      inputs: { version: { step: 'register', port: 'version' }, test: { step: 'split', port: 'test' } },
      config: {
        endpoint: 'penguins', baseline: 'production', gate: { accuracy: '>= baseline' },
        canary: { steps: [5, 25, 50, 100], interval: '10m', maxErrorRate: 0.01, maxLatencyP99: 100, minRequests: 100, maxHolds: 3 },
      },
    });
  });

  it('takes every stage\'s settings', () => {
    const settings = [
      '      endpoint: penguins',
      '      baseline: penguins@3',
      '      gate: { accuracy: ">= baseline - 0.01", logLoss: "<= baseline + 0.05", macroF1: 0.8 }',
      '      shadow: { requests: 500, for: 2h, minAgreement: 0.95, sample: 50, interval: 30s }',
      '      approve: { approvers: [admin], timeout: 24h, message: Check the shadow report }',
      '      canary: { steps: [10, 100], interval: 5m }',
      '',
    ].join('\n');
    expect(errors(settings)).toEqual([]);
  });

  it('points at a gate condition it cannot read, and at a metric the models are not scored on', () => {
    const settings = '      endpoint: penguins\n      gate:\n        accuracy: better than baseline\n        speed: ">= baseline"\n';
    const source = pipeline(settings);
    const found = errors(settings);
    expect(found.map((d) => d.message)).toEqual([
      'deploy.lifecycle config: \'gate.accuracy\' "better than baseline" is not a condition: write ">= baseline", ">= baseline - 0.01", "> baseline + 0.005" or an absolute one like ">= 0.9"',
      "deploy.lifecycle config: 'gate.speed' is not a metric both models are scored on (accuracy, balancedAccuracy, macroPrecision, macroRecall, macroF1, logLoss, rocAuc, rocAucWeighted, ece)",
    ]);
    expect(found[0].line).toBe(lineOf(source, 'accuracy: better than baseline'));
    expect(found[1].line).toBe(lineOf(source, 'speed: ">= baseline"'));
  });

  it('refuses a shadow with nothing to wait for, bounds out of range, a bad baseline and a bad duration', () => {
    const settings = [
      '      endpoint: penguins',
      '      baseline: champion',
      '      shadow: { minAgreement: 1.5 }',
      '      approve: { timeout: soon }',
      '      canary: { steps: [50, 10] }',
      '',
    ].join('\n');
    const source = pipeline(settings);
    const found = errors(settings);
    expect(found.map((d) => d.message)).toEqual([
      "deploy.lifecycle config: 'baseline' must be production, staging, or a version like \"penguins@3\", got \"champion\"",
      "deploy.lifecycle config: 'shadow' needs requests, for, or both: when to judge the agreement",
      "deploy.lifecycle config: 'shadow.minAgreement' must be <= 1, got 1.5",
      "deploy.lifecycle config: 'approve.timeout' must be a duration like \"24h\" or \"7d\", got \"soon\"",
      "deploy.lifecycle config: 'canary.steps' must increase, e.g. [5, 25, 50, 100]",
    ]);
    expect(found.map((d) => d.line)).toEqual([
      lineOf(source, 'baseline: champion'), lineOf(source, 'shadow: {'), lineOf(source, 'shadow: {'), lineOf(source, 'approve: {'), lineOf(source, 'canary: {'),
    ]);
  });

  it('needs the test table on its port', () => {
    const source = pipeline('      endpoint: penguins\n').replace('in: { version: register.version, test: split.test }', 'in: { version: register.version }');
    const found = compile(source).diagnostics.filter((d) => d.severity === 'error');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('test');
  });
});

describe('the lifecycle gate', () => {
  const conditions = (gate: Record<string, string | number>) => Object.entries(gate).map(([m, v]) => parseLifecycleCondition(m, v)!);

  it('reads relative conditions with a margin and absolute ones as gate: does', () => {
    expect(parseLifecycleCondition('accuracy', '>= baseline')).toEqual({ metric: 'accuracy', op: '>=', baseline: true, value: 0, source: 'accuracy >= baseline' });
    expect(parseLifecycleCondition('accuracy', 'baseline - 0.01')).toEqual({ metric: 'accuracy', op: '>=', baseline: true, value: -0.01, source: 'accuracy >= baseline - 0.01' });
    expect(parseLifecycleCondition('logLoss', '< baseline + 0.005')).toEqual({ metric: 'logLoss', op: '<', baseline: true, value: 0.005, source: 'logLoss < baseline + 0.005' });
    expect(parseLifecycleCondition('accuracy', 0.9)).toEqual({ metric: 'accuracy', op: '>=', baseline: false, value: 0.9, source: 'accuracy >= 0.9' });
    expect(parseLifecycleCondition('accuracy', '> 0.5')).toMatchObject({ op: '>', baseline: false, value: 0.5 });
    expect(parseLifecycleCondition('accuracy', 'baseline * 2')).toBeUndefined();
    expect(parseLifecycleCondition('accuracy', '>= baseline -')).toBeUndefined();
  });

  it('names both figures, passes a first version on its relative conditions, and holds it to its absolute ones', () => {
    const gate = conditions({ accuracy: '>= baseline - 0.01', logLoss: '<= baseline' });
    expect(judgeLifecycleGate(gate, { accuracy: 0.95, logLoss: 0.3 }, { accuracy: 0.955, logLoss: 0.2 })).toEqual({
      passed: false,
      checks: [
        { condition: 'accuracy >= baseline - 0.01', candidate: 0.95, baseline: 0.955, bound: 0.945, met: true, reason: 'candidate accuracy 0.9500 meets >= baseline 0.9550 - 0.01 = 0.9450' },
        { condition: 'logLoss <= baseline', candidate: 0.3, baseline: 0.2, bound: 0.2, met: false, reason: 'candidate logLoss 0.3000 does not meet <= baseline 0.2000' },
      ],
    });
    const first = judgeLifecycleGate(conditions({ accuracy: '>= baseline', macroF1: '>= 0.9' }), { accuracy: 0.5, macroF1: 0.4 }, undefined);
    expect(first.passed).toBe(false);
    expect(first.checks.map((c) => [c.met, c.reason])).toEqual([
      [true, 'no baseline: first version (candidate accuracy 0.5000)'],
      [false, 'candidate macroF1 0.4000 does not meet >= 0.9'],
    ]);
    expect(judgeLifecycleGate(conditions({ balancedAccuracy: '>= baseline' }), { accuracy: 1 }, { accuracy: 1 }).checks[0]).toMatchObject({ met: false, reason: 'the candidate has no balancedAccuracy (have: accuracy)' });
  });
});
