// The training profile stored with a model version (model_versions.profile): each feature the model reads
// summarized by monitoring's statistics (server/monitoring/stats), and the target's distribution, from the
// training table once, at registration. Drift is measured against it, so monitoring never reads the training
// data again (docs/monitoring.md, "Windows and the monitor workflow").
import { DataType, type Table } from 'apache-arrow';
import { profileCategorical, profileNumeric } from './stats';
import type { DataProfile, FeatureProfile } from './stats/types';

/** A column as profiled: numeric (numbers, integers, booleans as 1 and 0) or categorical (anything else). */
export function profileColumn(table: Table, name: string): FeatureProfile {
  const col = table.getChild(name);
  if (!col) throw new Error(`column "${name}" not found (columns: ${table.schema.fields.map((f) => f.name).join(', ')})`);
  const type = col.type;
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type)) {
    const values = new Float64Array(table.numRows);
    let n = 0;
    let nulls = 0;
    for (const v of col as Iterable<unknown>) {
      if (v === null || v === undefined) {
        nulls++;
        continue;
      }
      const x = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      if (Number.isNaN(x)) nulls++;
      else values[n++] = x;
    }
    return profileNumeric(values.subarray(0, n), nulls);
  }
  const values: Array<string | boolean | number | null> = new Array(table.numRows);
  let i = 0;
  for (const v of col as Iterable<unknown>) {
    values[i++] = v === null || v === undefined ? null : typeof v === 'boolean' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v);
  }
  return profileCategorical(values);
}

/**
 * The profile of a training table: every feature as its column reads (numeric features with profileNumeric, a
 * string feature with profileCategorical) and the target with profileCategorical, the reference for the drift of
 * the predicted labels. A regression target (a number column) is profiled as numeric.
 */
export function profileOfTable(table: Table, opts: { features: readonly string[]; target?: string }): DataProfile {
  const features: Record<string, FeatureProfile> = {};
  for (const f of opts.features) features[f] = profileColumn(table, f);
  const profile: DataProfile = { version: 1, rows: table.numRows, features };
  if (opts.target !== undefined) {
    const t = table.getChild(opts.target);
    if (t && (DataType.isFloat(t.type))) profile.target = profileColumn(table, opts.target);
    else if (t) {
      const values: Array<string | null> = new Array(table.numRows);
      let i = 0;
      for (const v of t as Iterable<unknown>) values[i++] = v === null || v === undefined ? null : String(v);
      profile.target = profileCategorical(values);
    }
  }
  return profile;
}
