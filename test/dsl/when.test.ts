// `when:` conditions: parse, print, compile (params become literals) and evaluate with a reason.
import { describe, expect, it } from 'vitest';
import { compile, type WhenExpr } from '../../dsl';
import { evaluateWhen } from '../../dsl/when/evaluate';
import { formatWhen } from '../../dsl/when/format';
import { lowerWhen } from '../../dsl/when/lower';
import { parseWhen } from '../../dsl/when/parse';
import type { StepState } from '../../dsl/states';

const expr = (text: string, params: Record<string, unknown> = {}): WhenExpr => {
  const parsed = parseWhen(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return lowerWhen(parsed.node, params);
};

const env = (states: Record<string, StepState>, metrics: Record<string, Record<string, number>> = {}) => ({
  state: (id: string) => states[id] ?? 'pending',
  metric: (id: string, name: string) => metrics[id]?.[name],
});

describe('parseWhen', () => {
  it('binds ! tighter than comparisons, comparisons tighter than &&, && tighter than ||', () => {
    expect(expr("!true == false || 1 < 2 && 'a' != \"b\"")).toEqual({
      kind: 'or',
      left: { kind: 'compare', op: '==', left: { kind: 'not', arg: { kind: 'literal', value: true } }, right: { kind: 'literal', value: false } },
      right: {
        kind: 'and',
        left: { kind: 'compare', op: '<', left: { kind: 'literal', value: 1 }, right: { kind: 'literal', value: 2 } },
        right: { kind: 'compare', op: '!=', left: { kind: 'literal', value: 'a' }, right: { kind: 'literal', value: 'b' } },
      },
    });
  });

  it('reads numbers (negative, decimal, exponent), null, escapes, and ${{ }} with any spacing', () => {
    expect(expr('-0.5e1 == null')).toEqual({ kind: 'compare', op: '==', left: { kind: 'literal', value: -5 }, right: { kind: 'literal', value: null } });
    expect(expr("'it\\'s' == ${{steps.a.state}}")).toEqual({
      kind: 'compare', op: '==', left: { kind: 'literal', value: "it's" }, right: { kind: 'state', step: 'a' },
    });
  });

  it('prints back what it read, with the parentheses that matter', () => {
    const text = "!(${{ steps.ev.metrics.accuracy }} >= 0.9) && (${{ steps.a.state }} == 'skipped' || true)";
    expect(formatWhen(expr(text))).toBe(text);
  });

  it('reports the first syntax error with its offsets', () => {
    expect(parseWhen('1 < 2 <')).toMatchObject({ ok: false, error: { span: [6, 7] } });
    expect(parseWhen('1 < 2 < 3')).toMatchObject({ ok: false, error: { message: expect.stringContaining('do not chain') } });
    expect(parseWhen('${{ steps.a.state')).toMatchObject({ ok: false, error: { message: "'${{' without its closing '}}'" } });
  });
});

describe('evaluateWhen', () => {
  const accuracy = expr('${{ steps.evaluate.metrics.accuracy }} >= 0.9');

  it('is true when the metric meets the condition', () => {
    expect(evaluateWhen(accuracy, env({ evaluate: 'succeeded' }, { evaluate: { accuracy: 0.93 } }))).toEqual({ value: true, reason: '' });
  });

  it('is false with the value that decided it', () => {
    expect(evaluateWhen(accuracy, env({ evaluate: 'succeeded' }, { evaluate: { accuracy: 0.85 } }))).toEqual({
      value: false,
      reason: 'when: ${{ steps.evaluate.metrics.accuracy }} >= 0.9 is false (accuracy = 0.85)',
    });
  });

  it('is false when the step was skipped, and says so', () => {
    const r = evaluateWhen(accuracy, env({ evaluate: 'skipped' }));
    expect(r.value).toBe(false);
    expect(r.reason).toContain('step evaluate is skipped, so accuracy has no value');
    // Even != is false without a value: nothing is known about it.
    expect(evaluateWhen(expr('${{ steps.evaluate.metrics.accuracy }} != 1'), env({ evaluate: 'skipped' })).value).toBe(false);
  });

  it('compares states, and combines with && || !', () => {
    const e = env({ a: 'succeeded', b: 'skipped' });
    expect(evaluateWhen(expr("${{ steps.a.state }} == 'succeeded' && !(${{ steps.b.state }} == 'succeeded')"), e).value).toBe(true);
    const r = evaluateWhen(expr("${{ steps.b.state }} == 'succeeded' || ${{ steps.a.state }} == 'failed'"), e);
    expect(r).toEqual({
      value: false,
      reason: "when: ${{ steps.b.state }} == 'succeeded' || ${{ steps.a.state }} == 'failed' is false (b is skipped, a is succeeded)",
    });
  });
});

describe('compiled when', () => {
  const source = (when: string) =>
    [
      'headrace: 1',
      'name: t',
      'params:',
      '  min: { type: number, default: 0.9 }',
      '  go: { type: boolean, default: true }',
      'steps:',
      '  a: { uses: ingest.csv, with: { path: x.csv } }',
      `  b: { uses: ingest.csv, needs: a, with: { path: y.csv }, when: "${when}" }`,
      '',
    ].join('\n');

  it('substitutes params as literals, from the run or the defaults', () => {
    const text = "${{ params.go }} && ${{ steps.a.state }} != 'skipped' && ${{ params.min }} > 0.5";
    const plan = compile(source(text), { params: { min: '0.2' } }).plan;
    const when = plan?.steps.find((s) => s.id === 'b')?.when;
    expect(when?.source).toBe(text);
    expect(formatWhen(when!.expr)).toBe("true && ${{ steps.a.state }} != 'skipped' && 0.2 > 0.5");
    expect(evaluateWhen(when!.expr, env({ a: 'succeeded' })).value).toBe(false);
  });
});
