// The feature columns a trainer uses: those the step names, or every number, integer and boolean column of the
// table but the target. Shared by the train.* kinds.
import type { TableRef } from '../../dsl/refs';
import { userError } from './errors';

export function trainingFeatures(table: TableRef, target: string, named: string[] | undefined): string[] {
  const features = named ?? table.columns
    .filter((col) => col.name !== target && ['number', 'integer', 'boolean'].includes(col.type))
    .map((col) => col.name);
  if (features.length === 0) throw userError('BadConfig', `no numeric feature columns besides "${target}"`);
  return features;
}
