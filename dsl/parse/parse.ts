// Source text -> PipelineAst, plus YAML syntax diagnostics. Lenient: it keeps whatever it can
// read so the checker can report as much as possible in one pass; shape errors are the checker's.
import { isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { PORT_REF } from '../grammar';
import { DSL_LIMITS } from '../limits';
import type { Entry, Located, ParamAst, PipelineAst, StepAst, StepInputAst } from './ast';
import { asMap, entriesOf, findEntry, resolved, scalarValue, toJS } from './nodes';
import { reportDuplicateKeys } from './duplicateKeys';
import { diagnosticAt, spanOf } from './positions';
import { readYaml } from './yaml';
import { isPlainDocument } from './plain-yaml';

export interface ParseResult {
  ast: PipelineAst;
  diagnostics: Diagnostic[];
}

const yamlCodes: Record<string, string> = { DUPLICATE_KEY: 'duplicate-key', LIMIT: 'limit' };

export interface ParsePipelineOptions {
  /** Read plain block-style YAML with the fast reader (dsl/parse/plain-yaml.ts; the default): its Document has
   *  yaml's nodes, values, scalar styles and ranges, but no source tokens or comments, so it must not be written
   *  back with yaml's stringify (the editor splices text at ranges instead). `false` reads with yaml alone. */
  plain?: boolean;
}

export function parsePipeline(source: string, options: ParsePipelineOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  // `merge`: YAML 1.1 `<<` keys, common in CI files for sharing config between steps.
  // `uniqueKeys: false`: duplicates are found by reportDuplicateKeys in linear time instead.
  // Within DSL_LIMITS: a refused file is read as nothing but its one located error.
  const { doc, refused } = readYaml(source, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, plain: options.plain ?? true });
  // The plain reader leaves files with a repeated key to yaml.
  if (!refused && !isPlainDocument(doc)) reportDuplicateKeys(doc);
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const message = e.code === 'DUPLICATE_KEY' ? `duplicate key '${keyText(source, e.pos)}'` : e.message;
    diagnostics.push(diagnosticAt(lineCounter, e.pos, message, yamlCodes[e.code] ?? 'yaml-syntax'));
  }
  for (const w of doc.warnings) diagnostics.push(diagnosticAt(lineCounter, w.pos, w.message, 'yaml', 'warning'));

  const root = refused ? undefined : asMap(doc.contents as Node | null, doc);
  if (!root && doc.errors.length === 0) {
    const what = doc.contents ? 'this document is not a map' : 'the file is empty';
    diagnostics.push(
      diagnosticAt(lineCounter, [0, 0], `${what}: a pipeline is a map with headrace, name and steps`, 'structure'),
    );
  }
  const entries = entriesOf(root, doc);
  const nameEntry = findEntry(entries, 'name');
  const paramsEntry = findEntry(entries, 'params');
  const stepsEntry = findEntry(entries, 'steps');
  const ast: PipelineAst = {
    source,
    doc,
    lineCounter,
    root,
    entries,
    name: locatedString(nameEntry),
    description: stringOf(findEntry(entries, 'description')?.value),
    params: entriesOf(asMap(paramsEntry?.value, doc), doc).map((e) => paramOf(e, doc)),
    paramsEntry,
    triggers: findEntry(entries, 'triggers'),
    stepsEntry,
    steps: entriesOf(asMap(stepsEntry?.value, doc), doc).map((e) => stepOf(e, doc)),
    ...(refused && { refused }),
  };
  if (ast.steps.length > DSL_LIMITS.steps) {
    const first = ast.steps[DSL_LIMITS.steps].entry.keyNode;
    const message = `the pipeline has ${ast.steps.length} steps; at most ${DSL_LIMITS.steps} are allowed (this is step ${DSL_LIMITS.steps + 1})`;
    diagnostics.push(diagnosticAt(lineCounter, spanOf(first), message, 'limit'));
    ast.refused = true;
  }
  return { ast, diagnostics };
}

function keyText(source: string, pos: readonly [number, number]): string {
  return source.slice(pos[0]).split(/[:\n]/, 1)[0].trim();
}

function stringOf(node: Node | null | undefined): string | undefined {
  const v = scalarValue(node);
  return typeof v === 'string' ? v : undefined;
}

function locatedString(entry: Entry | undefined): Located<string> | undefined {
  const value = stringOf(entry?.value);
  return value !== undefined && entry?.value ? { value, node: entry.value } : undefined;
}

function paramOf(entry: Entry, doc: Document): ParamAst {
  const decl = entriesOf(asMap(entry.value, doc), doc);
  const def = findEntry(decl, 'default');
  return {
    name: entry.key,
    entry,
    type: stringOf(findEntry(decl, 'type')?.value),
    default: def?.value ? { value: toJS(def.value, doc), node: def.value } : undefined,
  };
}

function stepOf(entry: Entry, doc: Document): StepAst {
  const map = asMap(entry.value, doc);
  const entries = entriesOf(map, doc);
  const get = (key: string) => findEntry(entries, key);
  const gateEntry = get('gate');
  return {
    id: entry.key,
    entry,
    map,
    entries,
    uses: locatedString(get('uses')),
    inputs: entriesOf(asMap(get('in')?.value, doc), doc).map(inputOf),
    with: get('with'),
    needs: needsOf(get('needs'), doc),
    when: locatedString(get('when')),
    retry: get('retry'),
    timeout: get('timeout'),
    resources: get('resources'),
    gate: entriesOf(asMap(gateEntry?.value, doc), doc).map((e) => ({ metric: e.key, keyNode: e.keyNode, valueNode: e.value, raw: toJS(e.value, doc) })),
    gateEntry,
    cache: get('cache'),
    matrix: get('matrix'),
    parallelism: get('parallelism'),
    select: get('select'),
  };
}

function inputOf(entry: Entry): StepInputAst {
  const ref = stringOf(entry.value);
  const m = ref === undefined ? null : PORT_REF.exec(ref);
  return { port: entry.key, keyNode: entry.keyNode, valueNode: entry.value, ref, step: m?.[1], output: m?.[2] };
}

function needsOf(entry: Entry | undefined, doc: Document): Located<string>[] {
  const v = entry?.value;
  if (isScalar(v) && typeof v.value === 'string') return [{ value: v.value, node: v }];
  if (!isSeq(v)) return [];
  return v.items.map((i) => resolved(i as Node, doc)).flatMap((item) =>
    isScalar(item) && typeof item.value === 'string' ? [{ value: item.value, node: item as Node }] : [],
  );
}
