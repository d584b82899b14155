// Fresh step ids for the palette: `train` for train.logistic, then `train-2`, `train-3`, ...
import { parsePipeline } from '../parse/parse';

export function uniqueStepId(source: string, kind: string): string {
  const taken = new Set(parsePipeline(source).ast.steps.map((s) => s.id));
  const base = kind.split('.')[0].toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'step';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
