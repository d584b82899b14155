// Source text -> yaml Document, within DSL_LIMITS. What `parseDocument` does, plus three refusals it lacks: a file
// too large (refused before it is read), nesting too deep (found while the parser builds its tree, so 100 000
// `[` are refused after 65), and aliases that expand too far, name their own container (infinitely deep) or name
// no anchor (found in one pass over the composed document; yaml finds these only when a value is read, by
// throwing, and its own alias limit refuses ordinary files whose steps share one anchor a hundred times).
// A refusal is a YAMLParseError in `doc.errors` with code LIMIT or BAD_ALIAS, so every reader reports it as it
// reports a syntax error; a refused document is not to be read further (`refused`).
import {
  Alias,
  Composer,
  isAlias,
  isMap,
  isPair,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type DocumentOptions,
  type Document,
  type ErrorCode,
  type Node,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { formatBytes } from '../bytes';
import { DSL_LIMITS } from '../limits';
import { isPlainDocument, plainToJS, readPlainYaml } from './plain-yaml';

export type YamlOptions = DocumentOptions & ParseOptions & SchemaOptions & {
  /** Try the fast reader of plain block-style YAML first (dsl/parse/plain-yaml.ts): its Document has the nodes,
   *  values, scalar styles and ranges yaml's would, but no source tokens or comments (not for yaml's stringify). */
  plain?: boolean;
};

export interface ReadYaml {
  doc: Document.Parsed;
  /** True when a limit or an alias refused the file: `doc` holds only the refusal, or must not be read as JS. */
  refused: boolean;
}

/** The code of a limit's refusal in `doc.errors` (not one of yaml's own). */
export const LIMIT_CODE = 'LIMIT' as ErrorCode;

const aliasTargets = new WeakMap<Document, Map<Alias, Node>>();

/** The node an alias of a document read by readYaml stands for (found once, in document order). */
export function aliasTarget(doc: Document, alias: Alias): Node | undefined {
  return aliasTargets.get(doc)?.get(alias);
}

/** Whether a document read by readYaml has aliases. */
export function hasAliases(doc: Document): boolean {
  return (aliasTargets.get(doc)?.size ?? 0) > 0;
}

/** What `node.toJS(doc)` gives, for a node of a document readYaml did not refuse: its aliases are known to be
 *  bounded, so yaml's own alias count (which refuses 100 uses of one anchor) is not applied. */
export function nodeToJS(node: Node, doc: Document): unknown {
  if (isPlainDocument(doc)) return plainToJS(node);
  return node.toJS(doc, { maxAliasCount: aliasTargets.has(doc) ? -1 : 100 });
}

export function readYaml(source: string, options: YamlOptions = {}, lineCounter = options.lineCounter ?? new LineCounter()): ReadYaml {
  // logLevel `error`: yaml's warnings (a collection used as a key) stay in doc.warnings, not the process's stderr.
  const { plain, ...yamlOptions } = options;
  const opts = { logLevel: 'error' as const, ...yamlOptions, lineCounter };
  const size = utf8Length(source, DSL_LIMITS.bytes);
  countLines(source, lineCounter);
  if (size > DSL_LIMITS.bytes) {
    const doc = emptyDocument(opts);
    const message = `the file is ${formatBytes(size)}; a pipeline or monitor file may be at most ${formatBytes(DSL_LIMITS.bytes)}`;
    doc.errors.push(new YAMLParseError([0, 0], LIMIT_CODE, message));
    return { doc, refused: true };
  }
  if (plain) {
    // Nesting is bounded far below DSL_LIMITS.depth there, and the subset has no aliases (nodeToJS knows it).
    const fast = readPlainYaml(source, opts);
    if (fast) return { doc: fast, refused: false };
  }
  const tokens = parseTokens(source);
  if ('tooDeep' in tokens) {
    const doc = emptyDocument(opts);
    doc.errors.push(new YAMLParseError([tokens.tooDeep, tokens.tooDeep + 1], LIMIT_CODE, tooDeep()));
    return { doc, refused: true };
  }
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(opts).compose(tokens.tokens, true, source.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  const composed = doc as Document.Parsed; // compose(…, forceDoc = true) always gives one
  const refusal = checkAliases(composed);
  if (refusal) composed.errors.push(refusal);
  // yaml puts some errors at the end of a file one character past it ("must end with a }"): the last one there is.
  for (const e of [...composed.errors, ...composed.warnings]) e.pos = [Math.min(e.pos[0], source.length), Math.min(e.pos[1], source.length)];
  return { doc: composed, refused: refusal !== undefined };
}

function emptyDocument(options: YamlOptions): Document.Parsed {
  return [...new Composer(options).compose([], true, 0)][0];
}

const tooDeep = () => `the document nests collections more than ${DSL_LIMITS.depth} deep`;

/**
 * Line starts from the text itself (after each `\n`), not from the parser: yaml's lexer does not report the
 * newlines inside some broken flow collections, which put every later diagnostic of the file on the wrong line.
 */
function countLines(source: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

/** The UTF-8 size of `s`, counted only as far as needed to tell it is over `max`. */
function utf8Length(s: string, max: number): number {
  if (s.length * 3 <= max) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is 2 units and 4 bytes: each unit counts 1 extra.
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/** The parser's tokens, or the offset where the tree being built got too deep (the parser's stack holds the
 *  document and every open collection, so its height is the nesting depth). */
function parseTokens(source: string): { tokens: CST.Token[] } | { tooDeep: number } {
  // Parser.parse(source) is this loop without the depth check.
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(source)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    if (parser.stack.length > DSL_LIMITS.depth + 2) return { tooDeep: parser.offset };
  }
  for (const t of parser.end()) tokens.push(t);
  return { tokens };
}

interface Frame {
  /** The collection's children still to visit (keys and values of a map, items of a sequence). */
  children: (Node | null)[];
  next: number;
  node: Node;
  /** Nodes in this subtree, aliases counted as their anchor's subtree. */
  size: number;
  /** Height of this subtree (1 for a scalar), aliases counted as their anchor's. */
  height: number;
}

function childrenOf(node: Node): (Node | null)[] {
  if (!isMap(node) && !isSeq(node)) return [];
  const out: (Node | null)[] = [];
  for (const item of node.items as unknown[]) {
    if (isPair(item)) out.push(item.key as Node | null, item.value as Node | null);
    else out.push(item as Node | null);
  }
  return out;
}

/**
 * One pass in document order: each alias gets its target (the last anchor of that name before it), and the first
 * alias that names no anchor, names a node it sits in, or takes the document past DSL_LIMITS is the refusal.
 */
function checkAliases(doc: Document.Parsed): YAMLParseError | undefined {
  const targets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const measured = new Map<Node, { size: number; height: number }>();
  const open = new Set<Node>();
  let copied = 0;
  const stack: Frame[] = [];
  const at = (node: Node, code: ErrorCode, message: string) => new YAMLParseError([node.range?.[0] ?? 0, node.range?.[1] ?? 0], code, message);
  /** Enters a node; an alias (or a scalar) is measured at once and returned. */
  const enter = (node: Node): { size: number; height: number } | YAMLParseError | undefined => {
    if (node.anchor) {
      anchors.set(node.anchor, node);
      open.add(node);
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return at(node, 'BAD_ALIAS', `the alias *${node.source} names no anchor (&${node.source}) before it`);
      if (open.has(target)) return at(node, 'BAD_ALIAS', `the alias *${node.source} is inside the node it names (&${node.source}): it would be infinitely deep`);
      targets.set(node, target);
      if (targets.size > DSL_LIMITS.aliases) return at(node, LIMIT_CODE, `the file has more than ${DSL_LIMITS.aliases.toLocaleString('en')} aliases (*name)`);
      const m = measured.get(target) as { size: number; height: number };
      copied += m.size;
      if (copied > DSL_LIMITS.aliasNodes) {
        return at(node, LIMIT_CODE, `the aliases up to *${node.source} stand for more than ${DSL_LIMITS.aliasNodes.toLocaleString('en')} nodes (each alias counts as a copy of its anchor)`);
      }
      if (stack.length + m.height > DSL_LIMITS.depth) return at(node, LIMIT_CODE, `${tooDeep()} (through the alias *${node.source})`);
      return m;
    }
    const children = childrenOf(node);
    if (children.length === 0) return leave(node, { size: 1, height: 1 });
    if (stack.length + 1 > DSL_LIMITS.depth) return at(node, LIMIT_CODE, tooDeep());
    stack.push({ children, next: 0, node, size: 1, height: 1 });
    return undefined;
  };
  const leave = (node: Node, m: { size: number; height: number }) => {
    if (node.anchor) {
      open.delete(node);
      measured.set(node, m);
    }
    return m;
  };
  const root = doc.contents as Node | null;
  let done = root ? enter(root) : undefined;
  for (;;) {
    if (done instanceof YAMLParseError) return done;
    if (done) {
      const parent = stack.at(-1);
      if (!parent) break;
      parent.size += done.size;
      parent.height = Math.max(parent.height, done.height + 1);
    }
    const frame = stack.at(-1);
    if (!frame) break;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      done = child ? enter(child) : undefined;
    } else {
      stack.pop();
      done = leave(frame.node, { size: frame.size, height: frame.height });
    }
  }
  aliasTargets.set(doc, targets);
  return undefined;
}
