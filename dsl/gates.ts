// Gate conditions: `accuracy: ">= 0.9"` or `accuracy: 0.9` (meaning >=), parsed at compile time and checked
// against a step's Metrics output by the step wrapper, the cache and the registry (before production).
import type { GateCondition } from './plan';
import type { StepOutputs } from './refs';

const GATE = /^\s*(>=|<=|==|!=|>|<)?\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
export const GATE_OPS = ['>=', '>', '<=', '<', '==', '!='] as const;

/** The condition, or undefined when the text is not `OP NUMBER` (a bare number means >=). */
export function parseGate(metric: string, value: unknown): GateCondition | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { metric, op: '>=', value, source: `${metric} >= ${value}` };
  }
  if (typeof value !== 'string') return undefined;
  const m = GATE.exec(value);
  if (!m) return undefined;
  const op = (m[1] ?? '>=') as GateCondition['op'];
  return { metric, op, value: Number(m[2]), source: `${metric} ${op} ${m[2]}` };
}

/** Each comparison a gate condition may use, as a function of (figure, bound). */
export const GATE_COMPARE: Record<GateCondition['op'], (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** Returns one message per unmet condition (empty when every gate holds). */
export function unmetGates(gate: GateCondition[], outputs: StepOutputs): string[] {
  if (gate.length === 0) return [];
  const values: Record<string, number> = {};
  for (const out of Object.values(outputs)) if (out.type === 'Metrics') Object.assign(values, out.values);
  const failures: string[] = [];
  for (const g of gate) {
    const v = values[g.metric];
    if (v === undefined) failures.push(`metric "${g.metric}" was not produced (have: ${Object.keys(values).join(', ') || 'none'})`);
    else if (!GATE_COMPARE[g.op](v, g.value)) failures.push(`${g.metric} = ${round(v)} does not meet ${g.op} ${g.value}`);
  }
  return failures;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}
