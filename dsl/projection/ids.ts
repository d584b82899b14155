// Fresh names: step ids for the palette (`train` for train.logistic, then `train-2`, `train-3`, ...) and port names
// for a variadic kind's new inputs.
import { parsePipeline } from '../parse/parse';

export function uniqueStepId(source: string, kind: string): string {
  const taken = new Set(parsePipeline(source).ast.steps.map((s) => s.id));
  const base = kind.split('.')[0].toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'step';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** `orders`, `orders_2`…: the step id as an SQL identifier, not yet an input of the step. */
export function newPortName(stepId: string, taken: ReadonlySet<string>): string {
  const base = /^[A-Za-z_]/.test(stepId) ? stepId.replace(/[^A-Za-z0-9_]/g, '_') : `t_${stepId.replace(/[^A-Za-z0-9_]/g, '_')}`;
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}
