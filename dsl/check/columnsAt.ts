// Which columns a step's column fields can name: the step kind's column fields (from its `columnRefs`) joined
// with the table schemas the checker propagates to the step's input ports. The config form and the YAML
// completion offer these as choices. Pure: source or AST in, choices out.
import { z } from 'zod';
import { getStepKind, type AnyStepKind } from '../catalog';
import type { ColumnSchema, ColumnType } from '../plan';
import type { PipelineAst } from '../parse/ast';
import { parsePipeline } from '../parse/parse';
import { CheckContext, type CheckOptions } from './context';

/** Stands for any array index or map key in a column field's path. */
export const ANY = '*';

export interface ColumnField {
  /** Input port whose table the column belongs to. */
  port: string;
  /** Where the column name sits inside `with:`; `*` stands for any array index or map key. */
  path: (string | number)[];
  /** Column types the step can use there; any type when absent. */
  types?: readonly ColumnType[];
  /** The column name is the map key at `path` (e.g. `columns: { NAME: … }`), not a value. */
  isKey?: boolean;
  /** The field holds several names (an array item or a map key), not one. */
  many: boolean;
}

export interface ColumnChoice extends ColumnField {
  /** The reference wired to the port, e.g. `split.train`; absent when the port is not connected. */
  from?: string;
  /** Columns of the arriving table that fit `types`, in table order; absent when its schema is unknown. */
  columns?: ColumnSchema[];
  /** How many columns the table has in all (some may not fit `types`); absent when its schema is unknown. */
  total?: number;
}

const SENTINEL = '\u0000column:';
const fieldCache = new Map<string, ColumnField[]>();

/**
 * The column fields of a step kind, found by asking its `columnRefs` about a probe config whose every string
 * (and every map key) is a marker of its own path: a marker that comes back as a column names a column field.
 */
export function columnFields(kind: AnyStepKind | string): ColumnField[] {
  const stepKind = typeof kind === 'string' ? getStepKind(kind) : kind;
  if (!stepKind?.columnRefs) return [];
  const cached = fieldCache.get(stepKind.kind);
  if (cached) return cached;
  let refs: ReturnType<NonNullable<AnyStepKind['columnRefs']>> = [];
  try {
    const schema = z.toJSONSchema(stepKind.config, { io: 'output', unrepresentable: 'any' }) as Json;
    refs = stepKind.columnRefs(probe(schema, []) as never);
  } catch {
    refs = [];
  }
  const out: ColumnField[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (typeof ref.column !== 'string' || !ref.column.startsWith(SENTINEL)) continue;
    const path = JSON.parse(ref.column.slice(SENTINEL.length)) as (string | number)[];
    const key = JSON.stringify([ref.port, path]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      port: ref.port,
      path,
      ...(ref.types && { types: ref.types }),
      ...(ref.isKey && { isKey: true }),
      many: path.includes(ANY),
    });
  }
  fieldCache.set(stepKind.kind, out);
  return out;
}

type Json = Record<string, unknown>;

/** A value of the JSON Schema `s` whose strings and map keys are markers of their paths. */
function probe(s: Json, path: (string | number)[]): unknown {
  const marker = SENTINEL + JSON.stringify(path);
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(union)) {
    const branch = union.find((b) => b.type !== 'null') ?? union[0];
    return branch ? probe(branch, path) : undefined;
  }
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return marker;
    case 'number':
    case 'integer':
      return typeof s.default === 'number' ? s.default : typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return typeof s.default === 'boolean' ? s.default : false;
    case 'array': {
      const items = s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as Json) : {};
      return [probe(items, [...path, ANY])];
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const extra = s.additionalProperties;
      if (Object.keys(props).length === 0 && extra && typeof extra === 'object') {
        const inner = [...path, ANY];
        return { [SENTINEL + JSON.stringify(inner)]: probe(extra as Json, inner) };
      }
      return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, probe(p, [...path, k])]));
    }
    default:
      return undefined;
  }
}

/**
 * The column fields of step `stepId` with the columns that can fill them: those of the table arriving on the
 * field's port (as the checker knows it from declared columns upward), narrowed to the field's types.
 * Empty for an unknown step or a kind without column fields.
 */
export function columnChoices(ast: PipelineAst, stepId: string, options: CheckOptions = {}): ColumnChoice[] {
  const ctx = new CheckContext(ast, options);
  const step = ctx.stepById.get(stepId);
  const kind = step && ctx.kindOf(step);
  if (!step || !kind) return [];
  const fields = columnFields(kind);
  if (!fields.length) return [];
  const schemas = ctx.tableSchemas();
  return fields.map((field) => {
    const input = step.inputs.find((i) => i.port === field.port);
    const schema = input?.step && input.output ? schemas.get(input.step)?.[input.output] : undefined;
    const columns = schema && field.types ? schema.filter((c) => field.types?.includes(c.type)) : schema;
    return {
      ...field,
      ...(input?.ref !== undefined && { from: input.ref }),
      ...(columns && { columns: columns.map((c) => ({ name: c.name, type: c.type })), total: schema?.length }),
    };
  });
}

/** `columnChoices` of a source text; empty when it does not parse. */
export function columnChoicesInSource(source: string, stepId: string, options: CheckOptions = {}): ColumnChoice[] {
  try {
    return columnChoices(parsePipeline(source).ast, stepId, options);
  } catch {
    return [];
  }
}

/** The choice whose path matches `path` (an array index or a map key matches `*`), if any. */
export function choiceAt(choices: readonly ColumnChoice[], path: readonly (string | number)[]): ColumnChoice | undefined {
  return choices.find(
    (c) => c.path.length === path.length && c.path.every((k, i) => k === ANY || String(k) === String(path[i])),
  );
}
