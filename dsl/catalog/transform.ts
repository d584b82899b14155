// Table transforms without SQL to write: keep rows (filter), add columns (derive), keep columns (select), join two
// tables, take a sample. filter and derive take SQL expressions (DuckDB's dialect); every column they name is
// checked against the input's schema before the run where that schema is known.
import { z } from 'zod';
import { ColumnType, type ColumnSchema } from '../plan';
import { columnsInExpression } from '../sql-columns';
import { columnName } from './columns';
import { defaultExecution, defineStepKind, type ColumnRef } from './types';

const expression = z.string().min(1);

/** The columns an expression names, as references the checker looks up on `port`. */
function expressionRefs(expr: string, path: (string | number)[], port = 'table'): ColumnRef[] {
  return columnsInExpression(expr).map((c) => ({ port, column: c.name, path, ...(!c.quoted && { ignoreCase: true }) }));
}

const filterConfig = z.strictObject({
  where: expression.meta({ contentMediaType: 'application/sql' })
    .describe('A condition over the columns (SQL): the rows where it holds are kept, e.g. "Body Mass (g)" > 3000 AND sex = \'female\''),
});

export const prepareFilter = defineStepKind({
  kind: 'prepare.filter',
  version: 1,
  group: 'prepare',
  description: 'Keep the rows where a condition holds.',
  inputs: { table: { type: 'Table', description: 'Table to filter' } },
  outputs: { table: { type: 'Table', description: 'The rows kept' } },
  config: filterConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs) => ({ table: inputs.table }),
  columnRefs: (config) => expressionRefs(config.where, ['where']),
});

const deriveConfig = z.strictObject({
  columns: z.record(columnName, expression).refine((m) => Object.keys(m).length > 0, { message: 'name at least one column' })
    .describe('New (or replaced) columns: name → SQL expression over the columns'),
  types: z.record(columnName, ColumnType).optional()
    .describe('Types of derived columns: the value is cast to it, and the checker knows the column downstream'),
});

export const prepareDerive = defineStepKind({
  kind: 'prepare.derive',
  version: 1,
  group: 'prepare',
  description: 'Add columns computed from the others (SQL expressions).',
  inputs: { table: { type: 'Table', description: 'Table to extend' } },
  outputs: { table: { type: 'Table', description: 'The table with the derived columns' } },
  config: deriveConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs, config) => {
    if (!inputs.table) return { table: undefined };
    const added: ColumnSchema[] = [];
    for (const name of Object.keys(config.columns)) {
      const type = config.types?.[name];
      if (!type) return { table: undefined }; // its type is known once it has run
      added.push({ name, type });
    }
    return { table: [...inputs.table.filter((c) => !(c.name in config.columns)), ...added] };
  },
  columnRefs: (config) => [
    ...Object.entries(config.columns).flatMap(([name, expr]) => expressionRefs(expr, ['columns', name])),
  ],
});

const selectConfig = z.strictObject({
  columns: z.array(columnName).min(1).optional().describe('Columns to keep, in this order'),
  drop: z.array(columnName).min(1).optional().describe('Columns to leave out (the others are kept)'),
}).refine((c) => (c.columns === undefined) !== (c.drop === undefined), { message: 'give either columns (to keep) or drop' });

export const prepareSelect = defineStepKind({
  kind: 'prepare.select',
  version: 1,
  group: 'prepare',
  description: 'Keep some columns (in a new order), or drop some.',
  inputs: { table: { type: 'Table', description: 'Table to narrow' } },
  outputs: { table: { type: 'Table', description: 'The columns kept' } },
  config: selectConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs, config) => {
    const t = inputs.table;
    if (!t) return { table: undefined };
    if (config.columns) return { table: config.columns.flatMap((n) => t.filter((c) => c.name === n)) };
    return { table: t.filter((c) => !config.drop!.includes(c.name)) };
  },
  columnRefs: (config) => [
    ...(config.columns ?? []).map((column, i) => ({ port: 'table', column, path: ['columns', i] })),
    ...(config.drop ?? []).map((column, i) => ({ port: 'table', column, path: ['drop', i] })),
  ],
});

const joinConfig = z.strictObject({
  on: z.array(columnName).min(1).describe('Key columns, present in both tables'),
  how: z.enum(['inner', 'left', 'right', 'full']).default('inner').describe('Which unmatched rows to keep: none (inner), the left table\'s, the right\'s, both (full)'),
  suffix: z.string().min(1).default('_right').describe('Added to a right-hand column whose name the left table already has'),
});

/** The joined table's columns: the keys once, then the left's other columns, then the right's (renamed on a clash). */
export function joinedColumns(left: ColumnSchema[], right: ColumnSchema[], keys: string[], suffix: string): ColumnSchema[] {
  const leftRest = left.filter((c) => !keys.includes(c.name));
  const taken = new Set([...keys, ...leftRest.map((c) => c.name)]);
  const rightRest = right.filter((c) => !keys.includes(c.name)).map((c) => (taken.has(c.name) ? { ...c, name: `${c.name}${suffix}` } : c));
  // A key in neither table is the checker's error (columnRefs); the schema leaves it out rather than hold a hole.
  const keyColumns = keys.flatMap((k) => left.find((c) => c.name === k) ?? right.find((c) => c.name === k) ?? []);
  return [...keyColumns, ...leftRest, ...rightRest];
}

export const prepareJoin = defineStepKind({
  kind: 'prepare.join',
  version: 1,
  group: 'prepare',
  description: 'Join two tables on key columns.',
  inputs: { left: { type: 'Table', description: 'Left table' }, right: { type: 'Table', description: 'Right table' } },
  outputs: { table: { type: 'Table', description: 'The joined rows' } },
  config: joinConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs, config) => {
    if (!inputs.left || !inputs.right) return { table: undefined };
    return { table: joinedColumns(inputs.left, inputs.right, config.on, config.suffix) };
  },
  columnRefs: (config) => config.on.flatMap((column, i) => [{ port: 'left', column, path: ['on', i] }, { port: 'right', column, path: ['on', i] }]),
});

const sampleConfig = z.strictObject({
  rows: z.number().int().min(1).optional().describe('How many rows to take'),
  fraction: z.number().gt(0).lt(1).optional().describe('Or which share of the rows to take'),
  seed: z.number().int().default(42).describe('Random seed: the same seed takes the same rows'),
}).refine((c) => (c.rows === undefined) !== (c.fraction === undefined), { message: 'give either rows or fraction' });

export const prepareSample = defineStepKind({
  kind: 'prepare.sample',
  version: 1,
  group: 'prepare',
  description: 'Take a random sample of the rows (seeded).',
  inputs: { table: { type: 'Table', description: 'Table to sample' } },
  outputs: { table: { type: 'Table', description: 'The rows taken, in their original order' } },
  config: sampleConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs) => ({ table: inputs.table }),
});
