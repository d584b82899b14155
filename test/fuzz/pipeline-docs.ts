// Pipeline documents for the fuzzers: the DSL test corpus and the examples, and pipelines built from the step
// catalog (each kind's ports wired to earlier steps, its config drawn from its own zod schema), each then mutated
// a few times — in structure (a key dropped, a value of the wrong type, a reference to a missing or later step)
// and as text (truncated, a line deleted or repeated, random unicode, YAML punctuation, anchors and aliases).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { getStepKind, stepKindNames, type AnyStepKind } from '../../dsl';
import { corpus } from '../dsl/projection/corpus';
import { placesOf, replaceAt, validish, wrongValue } from './zod-arbitrary';

const root = new URL('../../', import.meta.url);

/** Every pipeline file of the examples, and the DSL corpus (fixtures and the checker's cases). */
export function seedSources(): string[] {
  const examples = readdirSync(new URL('examples/', root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'ci') // examples/ci holds a CI workflow, not a pipeline
    .flatMap((d) => readdirSync(new URL(`examples/${d.name}/`, root)).filter((f) => /\.ya?ml$/.test(f) && !f.includes('monitor')).map((f) => `examples/${d.name}/${f}`));
  return [...examples.map((f) => readFileSync(new URL(f, root), 'utf8')), ...corpus().map((c) => c.source)];
}

const IDS = ['ingest', 'validate', 'clean', 'split', 'train', 'evaluate', 'register', 'deploy', 'a', 'b'];
const kinds = stepKindNames() as string[];
const configs = new Map<AnyStepKind, fc.Arbitrary<unknown>>();
const configOf = (kind: AnyStepKind) => configs.get(kind) ?? configs.set(kind, validish(kind.config)).get(kind)!;

type Body = Record<string, unknown>;

/** A pipeline built from the catalog: up to 8 steps, inputs wired to earlier steps' outputs of the right type. */
const built: fc.Arbitrary<Body> = fc.gen().map((g) => {
  const steps: Record<string, Body> = {};
  const made: { id: string; kind?: AnyStepKind }[] = [];
  const n = g(fc.integer, { min: 0, max: 8 });
  for (let i = 0; i < n; i++) {
    const base = g(fc.constantFrom, ...IDS);
    const id = steps[base] ? `${base}-${i}` : base;
    const uses = g(fc.constantFrom, ...kinds, 'train.nothing', '');
    const kind = getStepKind(uses);
    const body: Body = { uses };
    const inputs: Record<string, string> = {};
    for (const [port, p] of Object.entries(kind?.inputs ?? {})) {
      if (p.optional && g(fc.boolean)) continue;
      const from = made.filter((m) => Object.values(m.kind?.outputs ?? {}).some((o) => o.type === p.type));
      const src = from.length > 0 ? from[g(fc.nat, from.length - 1)] : undefined;
      const out = src ? Object.entries(src.kind!.outputs).find(([, o]) => o.type === p.type)![0] : 'table';
      inputs[port] = `${src?.id ?? g(fc.constantFrom, ...IDS)}.${out}`;
    }
    if (Object.keys(inputs).length > 0) body.in = inputs;
    if (kind && g(fc.nat, 3) > 0) body.with = g(() => configOf(kind));
    if (g(fc.nat, 9) === 0) body.needs = g(fc.constantFrom, ...IDS);
    if (g(fc.nat, 9) === 0) body.when = g(fc.constantFrom, 'params.go', 'steps.evaluate.metrics.accuracy > 0.9', 'nope(');
    if (g(fc.nat, 9) === 0) body.retry = { attempts: g(fc.integer, { min: -1, max: 4 }) };
    if (g(fc.nat, 9) === 0) body.timeout = g(fc.constantFrom, '30s', 10, '1x', -5);
    if (g(fc.nat, 9) === 0) body.gate = { accuracy: g(fc.constantFrom, '>= 0.9', 0.5, '>= ${{ params.minAccuracy }}', '~~') };
    steps[id] = body;
    made.push({ id, kind });
  }
  const params = g(fc.boolean) ? { minAccuracy: { type: 'number', default: 0.9 }, go: { type: 'boolean', default: true } } : undefined;
  return { headrace: 1, name: g(fc.constantFrom, 'fuzz', 'penguins', 'Bad Name'), ...(params && { params }), steps };
});

/** The structure with one thing wrong: a value replaced by one of the wrong kind, or a key dropped. */
const structurallyMutated: fc.Arbitrary<Body> = fc.tuple(built, fc.nat(), wrongValue, fc.boolean(), fc.nat(4)).map(([doc, n, wrong, drop, times]) => {
  let out: unknown = doc;
  for (let k = 0; k < times; k++) {
    const places = placesOf(out).filter((p) => p.length > 0);
    if (places.length === 0) break;
    out = replaceAt(out, places[(n + k * 7919) % places.length], wrong, drop);
  }
  return out as Body;
});

const asText = fc.tuple(fc.oneof(built, structurallyMutated), fc.constantFrom('block', 'flow', 'any' as const)).map(([doc, style]) =>
  stringify(doc, { collectionStyle: style }),
);

const PUNCTUATION = [':', '[', ']', '{', '}', '&a ', '*a', '!!', '|', '>', '- ', '#', '"', "'", '\t', '\n', '%', '@', '`', ',', '?', '<<: *a', '\r', '\\'];

/** One text edit at position `at` (taken modulo the length). */
const textEdit: fc.Arbitrary<(s: string) => string> = fc.oneof(
  fc.nat().map((at) => (s: string) => s.slice(0, at % (s.length + 1))),
  fc.nat().map((at) => (s: string) => {
    const lines = s.split('\n');
    lines.splice(at % lines.length, 1);
    return lines.join('\n');
  }),
  fc.nat().map((at) => (s: string) => {
    const lines = s.split('\n');
    const i = at % lines.length;
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(([at, text]) => (s: string) => insert(s, at, text)),
  fc.tuple(fc.nat(), fc.constantFrom(...PUNCTUATION)).map(([at, text]) => (s: string) => insert(s, at, text)),
  fc.tuple(fc.nat(), fc.constantFrom(...PUNCTUATION)).map(([at, text]) => (s: string) => replaceChar(s, at, text)),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([at, by]) => (s: string) => indent(s, at, by)),
  fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS)).map(([from, to]) => (s: string) => s.replace(new RegExp(`\\b${from}\\.`), `${to}.`)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 120 })).map(([at, deep]) => (s: string) => insert(s, at, `${'['.repeat(deep)}1${']'.repeat(deep)}`)),
);

const insert = (s: string, at: number, text: string) => {
  const i = at % (s.length + 1);
  return s.slice(0, i) + text + s.slice(i);
};
const replaceChar = (s: string, at: number, text: string) => {
  const i = at % (s.length + 1);
  return s.slice(0, i) + text + s.slice(i + 1);
};
const indent = (s: string, at: number, by: number) => {
  const lines = s.split('\n');
  const i = at % lines.length;
  lines[i] = by >= 0 ? ' '.repeat(by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-by}}`), '');
  return lines.join('\n');
};

/** Documents for parse → check → compile: seeds and built pipelines, each with 0 to `maxEdits` text edits. */
export function pipelineDocuments(seeds: readonly string[], maxEdits = 3): fc.Arbitrary<string> {
  return fc
    .tuple(fc.oneof(fc.constantFrom(...seeds), asText), fc.array(textEdit, { maxLength: maxEdits }))
    .map(([source, edits]) => edits.reduce((s, edit) => edit(s), source));
}
