// Gate conditions: `accuracy: ">= 0.9"` or `accuracy: 0.9` (meaning >=).
import type { GateCondition } from './plan';

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
