// The feature columns a trainer uses: those the step names, or every number, integer and boolean column of the
// table but the target; and the exported model with the table's preprocessing. Shared by the train.* kinds.
import type { TableRef } from '../../dsl/refs';
import type { ExportedModel } from '../compute/ml/export';
import { withPreprocessing } from '../compute/ml/preprocess-graph';
import { userError } from './errors';

export function trainingFeatures(table: TableRef, target: string, named: string[] | undefined): string[] {
  const features = named ?? table.columns
    .filter((col) => col.name !== target && ['number', 'integer', 'boolean'].includes(col.type))
    .map((col) => col.name);
  if (features.length === 0) throw userError('BadConfig', `no numeric feature columns besides "${target}"`);
  return features;
}

/**
 * The exported model as it is stored: with the table's fitted preprocessing compiled in front when it has one
 * (the model then takes the raw columns), and the tables it was trained on, raw rows first (the registry profiles
 * the first one against the signature's features, which are then the raw columns).
 */
export function exportedForTable(table: TableRef, exported: ExportedModel): ExportedModel & { trainingDatasets: string[] } {
  if (!table.preprocessing) return { ...exported, trainingDatasets: [table.hash] };
  return { ...withPreprocessing(exported, table.preprocessing), trainingDatasets: [table.preprocessing.source, table.hash] };
}
