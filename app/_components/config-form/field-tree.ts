// A step kind's config form, described as data: the kind's zod schema → JSON Schema (input side, so
// defaulted keys are optional) → a tree of fields the form renders. No form is written per kind.
import { z } from 'zod';
import { getStepKind } from '../../../dsl/catalog';
import { flattenIssue, issueSentence } from '../../../dsl/check/issue-text';

export type Path = (string | number)[];

interface FieldBase {
  /** Key in the parent object (the label), or the item index. */
  key: string;
  description?: string;
  /** A value must be present (no default, not optional). */
  required: boolean;
  /** Used when the key is absent. */
  default?: unknown;
}

export interface StringField extends FieldBase {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Text of several lines (a query, a script): the schema's `contentMediaType` names its language. */
  multiline?: boolean;
}
export interface NumberField extends FieldBase {
  type: 'number';
  integer: boolean;
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
}
export interface BooleanField extends FieldBase {
  type: 'boolean';
}
export interface EnumField extends FieldBase {
  type: 'enum';
  options: (string | number | boolean)[];
}
/** A value of one of several scalar types (e.g. string | number | boolean), edited as text. */
export interface ScalarField extends FieldBase {
  type: 'scalar';
  types: ('string' | 'number' | 'integer' | 'boolean' | 'null')[];
}
export interface ArrayField extends FieldBase {
  type: 'array';
  item: FieldNode;
  minItems?: number;
  maxItems?: number;
}
export interface ObjectField extends FieldBase {
  type: 'object';
  fields: FieldNode[];
  /** Keys other than `fields` are rejected. */
  strict: boolean;
}
/** A map with free keys (e.g. `columns:`): key → value sub-form. */
export interface RecordField extends FieldBase {
  type: 'record';
  value: FieldNode;
  keyDescription?: string;
  keyPattern?: string;
  keyMinLength?: number;
}
/** Anything the walker does not know how to render: edited as JSON text. */
export interface UnknownField extends FieldBase {
  type: 'unknown';
}

export type FieldNode =
  | StringField
  | NumberField
  | BooleanField
  | EnumField
  | ScalarField
  | ArrayField
  | ObjectField
  | RecordField
  | UnknownField;

type Json = Record<string, unknown>;

/** zod 4 puts JavaScript's safe-integer range on every `.int()`: not a bound worth showing. */
const SAFE = Number.MAX_SAFE_INTEGER;

const cache = new Map<string, ObjectField | undefined>();

/** The field tree of a step kind's `with:` config; undefined for an unknown kind. */
export function configFieldTree(kind: string): ObjectField | undefined {
  if (cache.has(kind)) return cache.get(kind);
  const stepKind = getStepKind(kind);
  let tree: ObjectField | undefined;
  if (stepKind) {
    const node = fieldFromJsonSchema(configJsonSchema(stepKind.config), 'with', true);
    tree = node.type === 'object' ? node : { type: 'object', key: 'with', required: true, fields: [], strict: false };
  }
  cache.set(kind, tree);
  return tree;
}

export function configJsonSchema(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
}

/** Converts one JSON Schema node (as zod 4 writes them) into a field. */
export function fieldFromJsonSchema(s: Json, key: string, required: boolean): FieldNode {
  const base: FieldBase = {
    key,
    required: required && s.default === undefined,
    ...(typeof s.description === 'string' && { description: s.description }),
    ...(s.default !== undefined && { default: s.default }),
  };

  // Unions: nullable → the other branch; all literals → enum; all scalars → scalar.
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(union)) {
    const branches = union.filter((b) => b.type !== 'null');
    if (branches.length === 1) {
      const inner = fieldFromJsonSchema({ ...branches[0], ...pick(s, 'description', 'default') }, key, required);
      return inner;
    }
    const literals = branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum : 'const' in b ? [b.const] : [undefined]));
    if (literals.length && literals.every(isScalar)) return { ...base, type: 'enum', options: literals as EnumField['options'] };
    const types = branches.map((b) => b.type);
    if (types.every(isScalarType)) return { ...base, type: 'scalar', types: types as ScalarField['types'] };
    return { ...base, type: 'unknown' };
  }
  if (Array.isArray(s.enum)) return { ...base, type: 'enum', options: s.enum as EnumField['options'] };
  if ('const' in s && isScalar(s.const)) return { ...base, type: 'enum', options: [s.const as string] };

  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== 'null');
    if (types.length === 1) return fieldFromJsonSchema({ ...s, type: types[0] }, key, required);
    if (types.every(isScalarType)) return { ...base, type: 'scalar', types: types as ScalarField['types'] };
    return { ...base, type: 'unknown' };
  }

  switch (s.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        ...(typeof s.minLength === 'number' && { minLength: s.minLength }),
        ...(typeof s.maxLength === 'number' && { maxLength: s.maxLength }),
        ...(typeof s.pattern === 'string' && { pattern: s.pattern }),
        ...(typeof s.contentMediaType === 'string' && { multiline: true }),
      };
    case 'number':
    case 'integer': {
      const n: NumberField = { ...base, type: 'number', integer: s.type === 'integer' };
      if (typeof s.minimum === 'number' && s.minimum > -SAFE) n.min = s.minimum;
      if (typeof s.maximum === 'number' && s.maximum < SAFE) n.max = s.maximum;
      if (typeof s.exclusiveMinimum === 'number') n.exclusiveMin = s.exclusiveMinimum;
      if (typeof s.exclusiveMaximum === 'number') n.exclusiveMax = s.exclusiveMaximum;
      return n;
    }
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'array': {
      const items = (s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? s.items : {}) as Json;
      return {
        ...base,
        type: 'array',
        item: fieldFromJsonSchema(items, 'item', true),
        ...(typeof s.minItems === 'number' && { minItems: s.minItems }),
        ...(typeof s.maxItems === 'number' && { maxItems: s.maxItems }),
      };
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const extra = s.additionalProperties;
      if (Object.keys(props).length === 0 && extra && typeof extra === 'object') {
        const names = (s.propertyNames ?? {}) as Json;
        return {
          ...base,
          type: 'record',
          value: fieldFromJsonSchema(extra as Json, 'value', true),
          ...(typeof names.description === 'string' && { keyDescription: names.description }),
          ...(typeof names.pattern === 'string' && { keyPattern: names.pattern }),
          ...(typeof names.minLength === 'number' && { keyMinLength: names.minLength }),
        };
      }
      const req = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      return {
        ...base,
        type: 'object',
        fields: Object.entries(props).map(([k, p]) => fieldFromJsonSchema(p, k, req.has(k))),
        strict: extra === false,
      };
    }
    default:
      return { ...base, type: 'unknown' };
  }
}

function pick(s: Json, ...keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
}
function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
function isScalarType(t: unknown): boolean {
  return t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'null';
}

// --- values ------------------------------------------------------------------

const TEMPLATE = /\$\{\{\s*params\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}/;

/** A `${{ params.X }}` reference, accepted wherever a value is expected. */
export function isTemplate(v: unknown): v is string {
  return typeof v === 'string' && TEMPLATE.test(v);
}

/** The value at `path` inside `root`. */
export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/**
 * Reads free text as a number field's value: a number, a `${{ params.X }}` reference, or an error (the rest of a
 * sentence whose subject is the field, as issue-text.ts words them).
 */
export function parseNumberText(text: string, field: NumberField): { value: number | string | undefined } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: undefined };
  if (isTemplate(t)) return { value: t };
  const n = Number(t);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    return { error: 'is not a number (a ${{ params.NAME }} reference is accepted too)' };
  }
  if (field.integer && !Number.isInteger(n)) return { error: 'must be a whole number' };
  return { value: n };
}

/** Reads free text as a scalar of the allowed types: number or boolean when it looks like one, else string. */
export function parseScalarText(text: string, types: ScalarField['types']): string | number | boolean | null {
  const t = text.trim();
  if ((types.includes('number') || types.includes('integer')) && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (types.includes('boolean') && (t === 'true' || t === 'false')) return t === 'true';
  if (types.includes('null') && t === 'null') return null;
  return text;
}

/** Human text of a number field's bounds, e.g. `whole number, ≥ 1` or `0 < x < 1`. */
export function boundsText(f: NumberField): string {
  const parts: string[] = [];
  const lo = f.exclusiveMin !== undefined ? `${f.exclusiveMin} <` : f.min !== undefined ? `${f.min} ≤` : '';
  const hi = f.exclusiveMax !== undefined ? `< ${f.exclusiveMax}` : f.max !== undefined ? `≤ ${f.max}` : '';
  if (lo && hi) parts.push(`${lo} x ${hi}`);
  else if (lo) parts.push(lo.endsWith('<') ? `> ${f.exclusiveMin}` : `≥ ${f.min}`);
  else if (hi) parts.push(hi);
  return [f.integer ? 'whole number' : 'number', ...parts].join(', ');
}

// --- errors --------------------------------------------------------------------

export interface FieldError {
  path: Path;
  message: string;
}

/**
 * Problems of `config` under the kind's schema, with their paths inside `with:`, each one sentence naming its
 * field (issue-text.ts words them, as it does the checker's). Values that are `${{ params.X }}` references are
 * resolved at run time, so errors about them are left out.
 */
export function configErrors(kind: string, config: unknown): FieldError[] {
  const stepKind = getStepKind(kind);
  if (!stepKind) return [];
  // reportInput: the sentences say what was given ("got 1.5") and tell a missing value from an empty one.
  const r = stepKind.config.safeParse(config ?? {}, { reportInput: true });
  if (r.success) return [];
  const out: FieldError[] = [];
  for (const raw of r.error.issues) {
    const issue = flattenIssue(raw);
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (isTemplate(valueAt(config, path))) continue;
    if (issue.code === 'unrecognized_keys') {
      // One error per key, at the key: the form shows it where the key is (or above the form).
      for (const k of issue.keys) out.push({ path, message: issueSentence({ ...issue, keys: [k] }) });
      continue;
    }
    out.push({ path, message: issueSentence(issue) });
  }
  return out;
}

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}
