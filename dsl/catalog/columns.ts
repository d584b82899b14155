// Shared config pieces about table columns, used by several step groups.
import { z } from 'zod';
import { ColumnType, type ColumnSchema } from '../plan';

export const columnName = z.string().min(1).describe('Column name');

/** `columns:` of ingest steps: declared types, which also give the checker the table's schema. */
export const declaredColumns = z
  .record(columnName, z.strictObject({ type: ColumnType.describe('Column type') }))
  .optional()
  .describe('Declared column types; they override inference and give the checker the table schema');

export function declaredSchema(columns: Record<string, { type: ColumnType }> | undefined): ColumnSchema[] | undefined {
  if (!columns) return undefined;
  return Object.entries(columns).map(([name, c]) => ({ name, type: c.type }));
}

export const numericTypes: readonly ColumnType[] = ['number', 'integer', 'boolean'];
