// zod issues as one sentence naming the field (the words the checker and the config form share): every issue
// code zod 4 can raise, and every step kind's config given bad values, without a trace of zod's own English.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stepKinds } from '../../dsl/catalog';
import { issueSentence, type Issue } from '../../dsl/check/issue-text';
import { configErrors, configFieldTree, type FieldNode } from '../../app/_components/config-form/field-tree';

/** zod's default English: none of it may reach a person. */
const ZOD_TEXT = /Invalid (input|option|string|number|key|value|discriminator)|expected \w+, received|Too (big|small)|Unrecognized key/;

function sentences(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error(`${JSON.stringify(value)} passed`);
  return r.error.issues.map((i) => issueSentence(i as Issue));
}
const one = (schema: z.ZodType, value: unknown) => {
  const all = sentences(schema, value);
  expect(all).toHaveLength(1);
  return all[0];
};
const obj = (shape: z.ZodRawShape) => z.strictObject(shape);

describe('issue sentences, one per zod issue code', () => {
  it('invalid_type: missing, empty and of the wrong type', () => {
    expect(one(obj({ target: z.string() }), {})).toBe('target is required.');
    expect(one(obj({ target: z.string() }), { target: null })).toBe('target must be a string, got nothing.');
    expect(one(obj({ epochs: z.number().int() }), { epochs: 'many' })).toBe('epochs must be a number, got "many".');
    expect(one(obj({ features: z.array(z.string()) }), { features: 'a' })).toBe('features must be a list, got "a".');
    expect(one(z.string(), 3)).toBe('The value must be a string, got 3.');
  });

  it('invalid_union: the branch that got furthest, or the types it accepts', () => {
    expect(one(obj({ seed: z.union([z.number(), z.string()]) }), { seed: true })).toBe('seed must be a number or a string, got true.');
    const nested = obj({ split: z.union([z.number(), obj({ at: z.number() })]) });
    expect(one(nested, { split: { at: 'x' } })).toBe('split.at must be a number, got "x".');
    const tagged = z.discriminatedUnion('t', [obj({ t: z.literal('a') }), obj({ t: z.literal('b') })]);
    expect(one(tagged, { t: 'c' })).toBe('t must be one of a, b.');
    expect(one(obj({ v: z.xor([z.string(), z.string().min(1)]) }), { v: 'abc' })).toBe('v matches more than one of the accepted forms.');
  });

  it('too_small and too_big: numbers, lists, text, exact sizes', () => {
    expect(one(obj({ epochs: z.number().min(1) }), { epochs: 0 })).toBe('epochs must be >= 1, got 0.');
    expect(one(obj({ test: z.number().lt(1) }), { test: 1.5 })).toBe('test must be < 1, got 1.5.');
    expect(one(obj({ features: z.array(z.string()).min(1) }), { features: [] })).toBe('features must have at least 1 item(s).');
    expect(one(obj({ pair: z.array(z.number()).length(2) }), { pair: [1] })).toBe('pair must have exactly 2 item(s).');
    expect(one(obj({ sep: z.string().max(1) }), { sep: ';;' })).toBe('sep must be at most 1 character(s) long.');
  });

  it('invalid_value: the allowed values, a near one, or the schema’s own reason', () => {
    expect(one(obj({ stage: z.enum(['none', 'staging', 'production']) }), { stage: 'prod' })).toMatch(/^stage must be one of none, staging, production, got "prod"/);
    expect(one(obj({ headrace: z.literal(1) }), { headrace: 2 })).toBe('headrace must be 1, got 2.');
  });

  it('invalid_format: a schema’s own description, a pattern, a named format', () => {
    const duration = z.string().regex(/^\d+[smhd]$/, 'a duration like "30s" or "10m"');
    expect(one(obj({ timeout: duration }), { timeout: 'soon' })).toBe('timeout must be a duration like "30s" or "10m", got "soon".');
    expect(one(obj({ code: z.string().regex(/^[a-z]+$/) }), { code: 'A1' })).toBe('code must match the pattern /^[a-z]+$/, got "A1".');
    expect(one(obj({ mail: z.email() }), { mail: 'x' })).toBe('mail must be an email address, got "x".');
    expect(one(obj({ p: z.string().startsWith('s3://') }), { p: 'x' })).toBe('p must start with "s3://", got "x".');
  });

  it('not_multiple_of', () => {
    expect(one(obj({ batch: z.number().multipleOf(8) }), { batch: 12 })).toBe('batch must be a multiple of 8, got 12.');
  });

  it('unrecognized_keys: at the top of a config and inside a map', () => {
    expect(one(obj({ a: z.number().optional() }), { b: 1 })).toBe('"b" is not a setting of this step.');
    expect(one(obj({ a: z.number().optional() }), { b: 1, c: 2 })).toBe('"b", "c" are not settings of this step.');
    expect(one(obj({ retry: obj({ attempts: z.number() }) }), { retry: { attempts: 1, tries: 2 } })).toBe('retry has no setting named "tries".');
  });

  it('invalid_key and invalid_element', () => {
    const columns = obj({ columns: z.record(z.string().regex(/^[a-z]+$/), z.number()) });
    expect(one(columns, { columns: { 'Bad Key': 1 } })).toBe('columns.Bad Key is not an allowed key (a key must match the pattern /^[a-z]+$/).');
    expect(one(obj({ tags: z.map(z.string(), z.number()) }), { tags: new Map([['a', 'b']]) })).toBe('tags.a must be a number, got "b".');
  });

  it('custom: a refine’s sentence, what a value must be, or a plain refusal', () => {
    const wait = obj({ duration: z.string().optional(), until: z.string().optional() }).refine((c) => (c.duration === undefined) !== (c.until === undefined), {
      message: 'wait needs exactly one of duration or until',
    });
    expect(one(wait, {})).toBe('Wait needs exactly one of duration or until.');
    const sample = obj({ sample: z.number().refine((v) => v < 1 || Number.isInteger(v), { message: 'a fraction of the rows (below 1) or a whole number of rows' }) });
    expect(one(sample, { sample: 2.5 })).toBe('sample must be a fraction of the rows (below 1) or a whole number of rows.');
    expect(one(obj({ x: z.number().refine(() => false) }), { x: 1 })).toBe('x is not valid.');
  });
});

/** Values each field cannot take: nothing, the wrong type, out-of-range numbers, too long text. */
function badValues(f: FieldNode): unknown[] {
  const wrong = [null, { nested: true }, ['a', 'list']];
  switch (f.type) {
    case 'number':
      return [...wrong, 'many', -1e12, 1e12, 0.5];
    case 'string':
      return [...wrong, 7, 'x'.repeat(300), ''];
    case 'enum':
      return [...wrong, 'no-such-option'];
    case 'array':
      return [null, 'a', [null], [{}], []];
    case 'record':
      return [null, 'a', { 'Bad Key!': null }, { k: 'x' }];
    default:
      return [...wrong, 7, 'x'];
  }
}

describe('every step kind’s config form speaks in sentences', () => {
  it('gives one sentence naming the field for each bad value of each field, never zod text', () => {
    let checked = 0;
    for (const k of stepKinds()) {
      const tree = configFieldTree(k.kind);
      if (!tree) continue;
      for (const f of tree.fields) {
        for (const v of badValues(f)) {
          for (const e of configErrors(k.kind, { [f.key]: v, 'no-such-setting': 1 })) {
            checked++;
            expect(e.message, `${k.kind} ${f.key}=${JSON.stringify(v)}`).not.toMatch(ZOD_TEXT);
            expect(e.message).toMatch(/[.!?)]$/);
            if (e.path.length > 0) expect(e.message.startsWith(e.path.join('.')) || e.message.startsWith(String(e.path[0]))).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
