// Gates: metric conditions a step's Metrics output must meet (checked by the step wrapper when the step
// runs, and again by the registry before a version may enter production).
import type { GateCondition } from '../../dsl/plan';
import type { StepOutputs } from '../../dsl/refs';

const ops: Record<GateCondition['op'], (a: number, b: number) => boolean> = {
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
    else if (!ops[g.op](v, g.value)) failures.push(`${g.metric} = ${round(v)} does not meet ${g.op} ${g.value}`);
  }
  return failures;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}
