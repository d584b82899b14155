// fast-check arbitraries read off a zod schema: `validish` gives values shaped like what the schema accepts (its
// keys, enums, regexes, bounds; not every refinement), and `broken` gives a validish value with one thing wrong — a
// field of the wrong type, a required key dropped, an unknown key added — or an arbitrary value. Tests keep only
// the ones the schema really refuses (safeParse), so the approximations cost runs, never a wrong verdict.
import fc from 'fast-check';
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
type Check = { _zod: { def: { check: string; [k: string]: unknown } } };

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): Check['_zod']['def'][] => ((d.checks as Check[] | undefined) ?? []).map((c) => c._zod.def);

/** Values of the wrong kind for nearly any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 1.5, 1e308, Number.NaN, '', ' ', 'x', true, false, [], {}, [null], { '': 1 }),
  fc.constantFrom('\u0000', '💥', '\u202e', '"\'`', '../../etc/passwd', 'a'.repeat(5000), '9'.repeat(400)),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

const WORDS = ['a', 'b', 'y', 'x.csv', 'name', 'id', 'main', 'penguins', 'Species', 'staging'];

function stringArb(d: Def): fc.Arbitrary<string> {
  const checks = checksOf(d);
  const regex = checks.find((c) => c.check === 'string_format' && c.pattern instanceof RegExp)?.pattern as RegExp | undefined;
  if (regex) {
    try {
      return fc.stringMatching(regex);
    } catch {
      // A pattern fast-check cannot generate from (a lookahead): plain strings, filtered below by the test.
    }
  }
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
  const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? Math.max(min, 12);
  return fc.oneof(fc.constantFrom(...WORDS).filter((w) => w.length >= min && w.length <= max), fc.string({ minLength: min, maxLength: Math.min(max, min + 12) }));
}

function numberArb(d: Def): fc.Arbitrary<number> {
  const checks = checksOf(d);
  const int = checks.some((c) => c.check === 'number_format' && /int/.test(String(c.format)));
  const lo = checks.find((c) => c.check === 'greater_than')?.value as number | undefined;
  const hi = checks.find((c) => c.check === 'less_than')?.value as number | undefined;
  const min = Math.max(lo ?? -1000, -1e6);
  const max = Math.min(hi ?? 1000, 1e6);
  if (min > max) return fc.constant(min);
  return int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
}

/** A value shaped like what `schema` accepts; `depth` bounds recursion (lazy and nested schemas). */
export function validish(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const inner = (s: unknown) => validish(s as z.ZodType, depth + 1);
  if (depth > 6) return fc.constant(undefined);
  switch (d.type) {
    case 'string':
      return stringArb(d);
    case 'number':
    case 'int':
      return numberArb(d);
    case 'bigint':
      return fc.bigInt({ min: -1000n, max: 1000n });
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({ noInvalidDate: true });
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(d.innerType), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(inner(d.innerType), { nil: null, freq: 3 });
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner(d.innerType);
    case 'pipe':
      return inner(d.in);
    case 'lazy':
      return inner((d.getter as () => unknown)());
    case 'union':
      return fc.oneof(...(d.options as unknown[]).map(inner));
    case 'intersection':
      return fc.tuple(inner(d.left), inner(d.right)).map(([a, b]) => (isObject(a) && isObject(b) ? { ...a, ...b } : a));
    case 'array':
      return fc.array(inner(d.element), { maxLength: 3 });
    case 'tuple':
      return fc.tuple(...(d.items as unknown[]).map(inner));
    case 'record':
      return fc.dictionary(inner(d.keyType).filter((k): k is string => typeof k === 'string'), inner(d.valueType), { maxKeys: 3 });
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(shape)) record[k] = validish(v, depth + 1);
      return fc.record(record);
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every place inside a value (paths of object keys and array indexes), the root included. */
export function placesOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => placesOf(v, [...path, i], out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) placesOf(v, [...path, k], out);
  return out;
}

/** `value` with the thing at `path` replaced (or, with `drop`, removed); the root replaced when the path is empty. */
export function replaceAt(value: unknown, path: (string | number)[], next: unknown, drop = false): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && drop) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
  } else copy[head] = replaceAt(copy[head], rest, next, drop);
  return copy;
}

/** A validish value with one thing wrong, or (now and then) any value at all. */
export function broken(schema: z.ZodType): fc.Arbitrary<unknown> {
  const mutated = fc.tuple(validish(schema), fc.nat(), wrongValue, fc.constantFrom('replace', 'drop', 'add')).map(([value, n, wrong, how]) => {
    const places = placesOf(value);
    const path = places[n % places.length];
    if (how === 'add') return isObject(value) ? { ...value, zzUnknownKey: wrong } : wrong;
    return replaceAt(value, path, wrong, how === 'drop' && path.length > 0);
  });
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
}
