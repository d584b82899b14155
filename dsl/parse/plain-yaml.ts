// A fast reader for the plain block-style YAML that pipeline files are almost always written in, building the same
// yaml Document nodes (YAMLMap, YAMLSeq, Pair, Scalar with their values and ranges) that yaml's own parser does,
// in one pass over the characters instead of lexer → CST → composer (which took about 60 % of a compile).
//
// It reads: block maps and sequences (a sequence may sit at its key's indentation; `- key: value` items), plain
// and quoted scalars on one line, flow collections `[…]` and `{…}` on one line, `|` and `>` block scalars (clipped
// or stripped), comments, and the core schema's scalars (null, booleans, integers, floats). Anything else —
// anchors, aliases, tags, kept chomping, multi-line plain or quoted scalars and flow collections, `<<` merge keys,
// `?` keys, repeated keys, directives and document markers, tabs, carriage returns, a byte-order mark, anything
// malformed — makes it answer `undefined`, and the caller reads the file with yaml instead. So it never has to
// report a YAML error: yaml reports every one.
//
// Ranges follow yaml's: [start, end of the value, end of the node with its line's comment and newline], and each
// scalar has yaml's style (`type`: PLAIN, QUOTE_DOUBLE, …); diagnostics and the editor's text splices use them, and
// test/dsl/plain-yaml.test.ts compares all of them with yaml's on every node. No source tokens or comments are kept,
// so such a Document is never written back with yaml's stringify.
import { Document, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type Node, type ParseOptions, type Schema, type SchemaOptions } from 'yaml';

type Options = DocumentOptions & ParseOptions & SchemaOptions;

/** Thrown (one shared instance) when the text leaves the subset; readPlainYaml answers undefined then. */
const OUTSIDE = new Error('outside the plain YAML subset');

/** Deeper nesting is left to yaml, which applies DSL_LIMITS' depth check. */
const MAX_DEPTH = 24;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const PIPE = 0x7c;
const GREATER = 0x3e;
const PLUS = 0x2b;

/** Characters that may not begin a plain scalar (or that begin a construct this reader leaves to yaml). */
const NOT_PLAIN_START = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_INDICATOR = new Set([COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]);

const PLAIN_DOCUMENTS = new WeakSet<Document>();

// Making nodes. yaml's constructors mark each node with Object.defineProperty (its type under the registered symbol
// `yaml.node.type`, and a collection's schema), which was half of this reader's time. Here the type sits,
// non-enumerable, on a prototype between the node and its class, and the node is made with Object.create: yaml's
// guards (isScalar, isMap, …) read the type through the prototype, `instanceof` and every method work as before.
// Checked once at load: if yaml ever marks nodes differently, the constructors are used.
const NODE_TYPE = Symbol.for('yaml.node.type');

function typedPrototype<T extends object>(cls: { prototype: T }, type: string): T {
  const proto = Object.create(cls.prototype) as T;
  Object.defineProperty(proto, NODE_TYPE, { value: Symbol.for(type) });
  return proto;
}

const PROTOTYPES = {
  scalar: typedPrototype(Scalar, 'yaml.scalar'),
  map: typedPrototype(YAMLMap, 'yaml.map'),
  seq: typedPrototype(YAMLSeq, 'yaml.seq'),
  pair: typedPrototype(Pair, 'yaml.pair'),
};

const PROTOTYPES_WORK =
  isScalar(Object.create(PROTOTYPES.scalar)) && isMap(Object.create(PROTOTYPES.map)) &&
  isSeq(Object.create(PROTOTYPES.seq)) && isPair(Object.create(PROTOTYPES.pair));

/** Makes the nodes of one document (its collections share the document's schema). */
class NodeMaker {
  private readonly mapProto: YAMLMap;
  private readonly seqProto: YAMLSeq;

  constructor(private readonly schema: Schema) {
    this.mapProto = withSchema(PROTOTYPES.map, schema);
    this.seqProto = withSchema(PROTOTYPES.seq, schema);
  }

  scalar(value: unknown, range: [number, number, number], type: Scalar.Type): Scalar {
    const node = PROTOTYPES_WORK ? (Object.create(PROTOTYPES.scalar) as Scalar) : new Scalar(value);
    node.value = value;
    node.range = range;
    // The style yaml reports: the editor keeps a quoted value quoted when it rewrites it.
    node.type = type;
    return node;
  }

  map(): YAMLMap {
    if (!PROTOTYPES_WORK) return new YAMLMap(this.schema);
    const node = Object.create(this.mapProto) as YAMLMap;
    node.items = [];
    return node;
  }

  seq(): YAMLSeq {
    if (!PROTOTYPES_WORK) return new YAMLSeq(this.schema);
    const node = Object.create(this.seqProto) as YAMLSeq;
    node.items = [];
    return node;
  }

  pair(key: Node, value: Node): Pair {
    if (!PROTOTYPES_WORK) return new Pair(key, value);
    const node = Object.create(PROTOTYPES.pair) as Pair;
    node.key = key;
    node.value = value;
    return node;
  }
}

function withSchema<T extends object>(proto: T, schema: Schema): T {
  const out = Object.create(proto) as T;
  Object.defineProperty(out, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  return out;
}

/** Whether readPlainYaml made this Document: it has no aliases, merge keys or duplicate keys. */
export function isPlainDocument(doc: Document): boolean {
  return PLAIN_DOCUMENTS.has(doc);
}

/**
 * What `node.toJS(doc)` gives for a node of a Document readPlainYaml made, without yaml's context for anchors and
 * merge keys, which such a document has none of. Keys become strings as yaml makes them (null → '', others by
 * String), and a key that names an inherited property (`__proto__`, `toString`) becomes an own property, as there.
 */
export function plainToJS(node: unknown): unknown {
  if (node instanceof Scalar) return node.value;
  if (node instanceof YAMLSeq) return node.items.map(plainToJS);
  if (node instanceof YAMLMap) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items as Pair<Scalar, unknown>[]) {
      const k = pair.key.value;
      const key = k === null ? '' : String(k);
      const value = plainToJS(pair.value);
      if (key in out) Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
  return node ?? null;
}

/** The Document yaml would compose from `source`, or undefined when the text is outside the subset. */
export function readPlainYaml(source: string, options: Options = {}): Document.Parsed | undefined {
  if (!isCandidate(source)) return undefined;
  const doc = new Document(undefined, options) as Document.Parsed;
  try {
    const reader = new Reader(source, doc);
    const contents = reader.document();
    doc.contents = contents as Document.Parsed['contents'];
    doc.range = [0, source.length, source.length];
    PLAIN_DOCUMENTS.add(doc);
    return doc;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

function isCandidate(source: string): boolean {
  return source.length > 0 && source.charCodeAt(0) !== 0xfeff && !source.includes('\t') && !source.includes('\r');
}

class Reader {
  private readonly n: number;
  /** The next content line: its first non-space character (n at the end), and that character's column. */
  private at = 0;
  private col = 0;
  private depth = 0;

  private readonly make: NodeMaker;

  constructor(
    private readonly s: string,
    doc: Document.Parsed,
  ) {
    this.n = s.length;
    this.make = new NodeMaker(doc.schema);
  }

  document(): Node {
    this.seekContent(0);
    if (this.at >= this.n || this.col !== 0) throw OUTSIDE;
    const c = this.s.charCodeAt(this.at);
    // `---`, `...` and `%` directives are yaml's to read.
    if (c === 0x25 || this.s.startsWith('---', this.at) || this.s.startsWith('...', this.at)) throw OUTSIDE;
    const node = this.block(0, this.at);
    if (this.at < this.n) throw OUTSIDE;
    return node;
  }

  // ---- lines ----

  /** From the start of a line, past blank and comment-only lines, to the next content (sets at and col). */
  private seekContent(lineStart: number): void {
    const s = this.s;
    let p = lineStart;
    while (p < this.n) {
      let q = p;
      while (s.charCodeAt(q) === SPACE) q++;
      const c = s.charCodeAt(q);
      if (q >= this.n) break;
      if (c === NEWLINE) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        const nl = s.indexOf('\n', q);
        if (nl < 0) break;
        p = nl + 1;
        continue;
      }
      this.at = q;
      this.col = q - p;
      return;
    }
    this.at = this.n;
    this.col = -1;
  }

  /**
   * After a value that ends at `p` on its line: only spaces and a comment may follow. Moves to the next content
   * line and returns the end of this one (after its newline), which is the value's node end.
   */
  private endLine(p: number): number {
    const s = this.s;
    let q = p;
    while (s.charCodeAt(q) === SPACE) q++;
    if (q < this.n && s.charCodeAt(q) !== NEWLINE) {
      // A comment needs a space before it.
      if (s.charCodeAt(q) !== HASH || q === p) throw OUTSIDE;
      q = s.indexOf('\n', q);
      if (q < 0) q = this.n;
    }
    const end = q < this.n ? q + 1 : this.n;
    this.seekContent(end);
    return end;
  }

  // ---- block collections ----

  /** A block collection starting at `p` (its column `col`). */
  private block(col: number, p: number): Node {
    const node = this.collectionAt(col, p);
    if (!node) throw OUTSIDE; // a scalar on a line of its own: yaml's
    return node;
  }

  /** The block sequence or map that starts at `p`, or undefined when none does. */
  private collectionAt(col: number, p: number): Node | undefined {
    let node: Node | undefined;
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    if (this.isSeqItem(p)) node = this.blockSeq(col, p);
    else {
      const colon = this.keyEnd(p);
      if (colon >= 0) node = this.blockMap(col, p, colon);
    }
    this.depth--;
    return node;
  }

  private isSeqItem(p: number): boolean {
    if (this.s.charCodeAt(p) !== DASH) return false;
    const c = this.s.charCodeAt(p + 1);
    return p + 1 >= this.n || c === SPACE || c === NEWLINE;
  }

  /** A block map whose first key starts at `start` and ends at the `:` at `colon` (found by the caller). */
  private blockMap(col: number, start: number, firstColon: number): YAMLMap {
    const map = this.make.map();
    let p = start;
    let end = start;
    for (let colon = firstColon; ; colon = this.keyEnd(p)) {
      if (colon < 0) throw OUTSIDE;
      const key = this.key(p, colon);
      const value = this.valueAfter(col, colon + 1, true);
      map.items.push(this.make.pair(key, value));
      end = (value.range as [number, number, number])[2];
      if (this.at >= this.n || this.col < col) break;
      if (this.col > col || this.isSeqItem(this.at)) throw OUTSIDE;
      p = this.at;
    }
    noDuplicateKeys(map);
    map.range = [start, end, end];
    return map;
  }

  private blockSeq(col: number, start: number): YAMLSeq {
    const seq = this.make.seq();
    let p = start;
    let end = start;
    for (;;) {
      const item = this.valueAfter(col, p + 1, false);
      seq.items.push(item);
      end = (item.range as [number, number, number])[2];
      if (this.at >= this.n || this.col < col) break;
      if (this.col > col) throw OUTSIDE;
      // At the same column but not an item: the map this sequence is the value of goes on.
      if (!this.isSeqItem(this.at)) break;
      p = this.at;
    }
    seq.range = [start, end, end];
    return seq;
  }

  /**
   * The value after a key's `:` or an item's `-` at `p`, on the same line or on the lines below; `col` is the
   * column of that key or dash.
   */
  private valueAfter(col: number, p: number, inMap: boolean): Node {
    const s = this.s;
    let q = p;
    while (s.charCodeAt(q) === SPACE) q++;
    const c = s.charCodeAt(q);
    if (q >= this.n || c === NEWLINE || (c === HASH && q > p)) {
      // Nothing on this line (but a comment): a collection below, or an empty value.
      const nl = s.indexOf('\n', q);
      const lineEnd = nl < 0 ? this.n : nl + 1;
      this.seekContent(lineEnd);
      if (this.at < this.n && this.col > col) return this.block(this.col, this.at);
      if (inMap && this.at < this.n && this.col === col && this.isSeqItem(this.at)) return this.blockSeq(col, this.at);
      // yaml ends an empty value after its line's comment, if it has one.
      return this.scalar(null, q, q, c === HASH ? lineEnd : q);
    }
    if (q === p) throw OUTSIDE; // `key:value` or `-value`
    if (!inMap) {
      // `- key: value` and `- - item` start a collection inside the item, at the column it starts at.
      const inner = this.collectionAt(q - (s.lastIndexOf('\n', q - 1) + 1), q);
      if (inner) return inner;
    }
    if (c === PIPE || c === GREATER) return this.blockScalar(col, q);
    const node = this.inline(q);
    const valueEnd = (node.range as [number, number, number])[1];
    node.range = [q, valueEnd, this.endLine(valueEnd)];
    // A more indented line after a one-line value would continue it (a multi-line scalar): yaml's.
    if (this.at < this.n && this.col > col) throw OUTSIDE;
    return node;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `p`, under a key or dash at column `col`:
   * clipped or stripped (`-`), its indentation that of its first line. Kept chomping (`+`), an indentation
   * indicator, a comment on the header, leading blank lines and, when folded, lines indented further (which yaml
   * keeps unfolded) are yaml's.
   */
  private blockScalar(col: number, p: number): Scalar {
    const s = this.s;
    const folded = s.charCodeAt(p) === GREATER;
    let q = p + 1;
    const strip = s.charCodeAt(q) === DASH;
    if (strip) q++;
    else if (s.charCodeAt(q) === PLUS) throw OUTSIDE;
    while (s.charCodeAt(q) === SPACE) q++;
    if (q >= this.n || s.charCodeAt(q) !== NEWLINE) throw OUTSIDE;
    const lines: string[] = [];
    let indent = -1;
    let pos = q + 1;
    /** Where the last content line ends (at its newline), and the count of lines so far at that point. */
    let contentEnd = -1;
    let contentLines = 0;
    while (pos < this.n) {
      let nl = s.indexOf('\n', pos);
      if (nl < 0) nl = this.n;
      let k = pos;
      while (s.charCodeAt(k) === SPACE) k++;
      if (k === nl) {
        // A blank line, which must not carry spaces past the indentation (literal text yaml would keep).
        if (indent < 0 || k - pos > indent) throw OUTSIDE;
        lines.push('');
      } else {
        const lineIndent = k - pos;
        if (indent < 0) {
          if (lineIndent <= col) throw OUTSIDE; // an empty block scalar
          indent = lineIndent;
        }
        if (lineIndent < indent) break;
        if (folded && lineIndent > indent) throw OUTSIDE;
        lines.push(s.slice(pos + indent, nl));
        contentEnd = nl;
        contentLines = lines.length;
      }
      pos = nl < this.n ? nl + 1 : this.n;
    }
    if (contentEnd < 0) throw OUTSIDE;
    const content = lines.slice(0, contentLines);
    let value = folded ? fold(content) : content.join('\n');
    // yaml clips to one final line break even where the file ends without one.
    if (!strip) value += '\n';
    this.seekContent(pos);
    const end = Math.min(contentEnd + 1, this.n);
    return this.scalar(value, p, end, end, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL');
  }

  /** A value that sits on the rest of a line, in block context. */
  private inline(p: number): Node {
    const c = this.s.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flow(p);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(p);
    return this.blockPlain(p);
  }

  // ---- keys ----

  /** The offset of the `:` ending a map key that starts at `p`, or −1 when no key starts there. */
  private keyEnd(p: number): number {
    const s = this.s;
    const c = s.charCodeAt(p);
    let q: number;
    if (c === DQUOTE || c === SQUOTE) {
      q = this.quotedEnd(p);
      while (s.charCodeAt(q) === SPACE) q++;
      return s.charCodeAt(q) === COLON && this.endsToken(q + 1) ? q : -1;
    }
    if (!this.plainStart(p, false)) return -1;
    for (q = p; q < this.n; q++) {
      const d = s.charCodeAt(q);
      if (d === NEWLINE) return -1;
      if (d === COLON && this.endsToken(q + 1)) return q;
      if (d === HASH && s.charCodeAt(q - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Whether a plain scalar may start at `p`: not at an indicator, but `-`, `?` and `:` before a safe character
   *  (`-1`, `:x`) do start one. */
  private plainStart(p: number, inFlow: boolean): boolean {
    const c = this.s.charCodeAt(p);
    if (!NOT_PLAIN_START.has(c)) return p < this.n && c !== NEWLINE && c !== SPACE;
    if (c !== DASH && c !== 0x3f && c !== COLON) return false;
    const d = this.s.charCodeAt(p + 1);
    return p + 1 < this.n && d !== SPACE && d !== NEWLINE && !(inFlow && FLOW_INDICATOR.has(d));
  }

  /** Whether offset `p` ends a `:` indicator in block context (a space, a newline or the end). */
  private endsToken(p: number): boolean {
    const c = this.s.charCodeAt(p);
    return p >= this.n || c === SPACE || c === NEWLINE;
  }

  private key(p: number, colon: number): Scalar {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const node = this.quoted(p);
      const end = (node.range as [number, number, number])[1];
      node.range = [p, end, end];
      return node;
    }
    let end = colon;
    while (s.charCodeAt(end - 1) === SPACE) end--;
    const text = s.slice(p, end);
    // `<<` merges (yaml resolves them); a key as long as this is an error yaml reports.
    if (text === '<<' || text.length > 1000) throw OUTSIDE;
    return this.scalar(resolvePlain(text), p, end, end);
  }

  // ---- scalars ----

  private scalar(value: unknown, start: number, end: number, nodeEnd: number, type: Scalar.Type = 'PLAIN'): Scalar {
    return this.make.scalar(value, [start, end, nodeEnd], type);
  }

  /** A plain scalar to the end of its line (or a comment), in block context. */
  private blockPlain(p: number): Scalar {
    const s = this.s;
    if (!this.plainStart(p, false)) throw OUTSIDE;
    let q = p;
    for (; q < this.n; q++) {
      const d = s.charCodeAt(q);
      if (d === NEWLINE) break;
      if (d === HASH && s.charCodeAt(q - 1) === SPACE) break;
      // `a: b: c` is an error, and `a: b:` is a key: both yaml's.
      if (d === COLON && this.endsToken(q + 1)) throw OUTSIDE;
    }
    while (s.charCodeAt(q - 1) === SPACE) q--;
    return this.scalar(resolvePlain(s.slice(p, q)), p, q, q);
  }

  /** The offset after the closing quote of a one-line quoted scalar starting at `p`. */
  private quotedEnd(p: number): number {
    const s = this.s;
    const quote = s.charCodeAt(p);
    for (let q = p + 1; q < this.n; q++) {
      const d = s.charCodeAt(q);
      if (d === NEWLINE) throw OUTSIDE; // a multi-line quoted scalar: yaml's
      if (quote === DQUOTE && d === BACKSLASH) q++;
      else if (d === quote) {
        if (quote === SQUOTE && s.charCodeAt(q + 1) === SQUOTE) q++;
        else return q + 1;
      }
    }
    throw OUTSIDE;
  }

  private quoted(p: number): Scalar {
    const s = this.s;
    const end = this.quotedEnd(p);
    const body = s.slice(p + 1, end - 1);
    let value: string;
    if (s.charCodeAt(p) === SQUOTE) value = body.includes("''") ? body.replaceAll("''", "'") : body;
    else if (!body.includes('\\')) value = body;
    else {
      // JSON's escapes are a subset of YAML's; any other escape is left to yaml.
      if (/\\[^"\\/bfnrtu]|\\u(?![0-9a-fA-F]{4})/.test(body)) throw OUTSIDE;
      value = JSON.parse(s.slice(p, end)) as string;
    }
    return this.scalar(value, p, end, end, s.charCodeAt(p) === SQUOTE ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE');
  }

  // ---- flow collections (on one line) ----

  private flow(p: number): Node {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const s = this.s;
    const isMap = s.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node = isMap ? this.make.map() : this.make.seq();
    node.flow = true;
    let q = this.flowSpace(p + 1);
    if (s.charCodeAt(q) === close) q++;
    else {
      for (;;) {
        if (isMap) {
          const key = this.flowScalar(q, true);
          q = this.flowSpace((key.range as [number, number, number])[1]);
          if (s.charCodeAt(q) !== COLON) throw OUTSIDE; // `{ a }`: yaml's
          q = this.flowSpace(q + 1);
          const value = this.flowItem(q);
          (node as YAMLMap).items.push(this.make.pair(key, value));
          q = this.flowEnd(value);
        } else {
          const item = this.flowItem(q);
          (node as YAMLSeq).items.push(item);
          q = this.flowEnd(item);
        }
        const d = s.charCodeAt(q);
        if (d === COMMA) {
          q = this.flowSpace(q + 1);
          if (s.charCodeAt(q) === close) {
            q++;
            break;
          }
        } else if (d === close) {
          q++;
          break;
        } else throw OUTSIDE; // `[a: b]` and the rest: yaml's
      }
    }
    this.depth--;
    if (isMap) noDuplicateKeys(node as YAMLMap);
    node.range = [p, q, q];
    return node;
  }

  /** A node inside a flow collection ends, in yaml's ranges, after the spaces that follow it. */
  private flowEnd(node: Node): number {
    const range = node.range as [number, number, number];
    range[2] = this.flowSpace(range[1]);
    return range[2];
  }

  /** Past spaces inside a flow collection; a newline or a comment there is yaml's. */
  private flowSpace(p: number): number {
    let q = p;
    while (this.s.charCodeAt(q) === SPACE) q++;
    const c = this.s.charCodeAt(q);
    if (q >= this.n || c === NEWLINE || c === HASH) throw OUTSIDE;
    return q;
  }

  private flowItem(p: number): Node {
    const c = this.s.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flow(p);
    return this.flowScalar(p, false);
  }

  /** A quoted or plain scalar inside a flow collection. */
  private flowScalar(p: number, isKey: boolean): Scalar {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(p);
    if (!this.plainStart(p, true)) throw OUTSIDE;
    let q = p;
    for (; q < this.n; q++) {
      const d = s.charCodeAt(q);
      if (d === NEWLINE || FLOW_INDICATOR.has(d)) break;
      if (d === HASH && s.charCodeAt(q - 1) === SPACE) break;
      if (d === COLON) {
        const e = s.charCodeAt(q + 1);
        if (q + 1 >= this.n || e === SPACE || e === NEWLINE || FLOW_INDICATOR.has(e)) break;
      }
    }
    while (s.charCodeAt(q - 1) === SPACE) q--;
    if (q === p) throw OUTSIDE;
    // In a sequence, `a: b` is a one-pair map: yaml's.
    if (!isKey && s.charCodeAt(q) === COLON) throw OUTSIDE;
    const text = s.slice(p, q);
    if (isKey && (text === '<<' || text.length > 1000)) throw OUTSIDE;
    return this.scalar(resolvePlain(text), p, q, q);
  }
}

/** A repeated key is an error yaml's reading reports (dsl/parse/duplicateKeys.ts), so such a file is yaml's. */
function noDuplicateKeys(map: YAMLMap): void {
  const items = map.items as Pair<Scalar, unknown>[];
  if (items.length <= 8) {
    for (let i = 1; i < items.length; i++) {
      const k = items[i].key.value;
      for (let j = 0; j < i; j++) if (sameKey(items[j].key.value, k)) throw OUTSIDE;
    }
    return;
  }
  const seen = new Set<unknown>();
  for (const pair of items) {
    if (seen.has(pair.key.value)) throw OUTSIDE;
    seen.add(pair.key.value);
  }
}

/** Set's equality (SameValueZero), which the duplicate-key check uses. */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** Folded lines (all at one indentation): a line break between two lines becomes a space, blank lines stay breaks. */
function fold(lines: readonly string[]): string {
  let out = lines[0];
  let blanks = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') blanks++;
    else {
      out += (blanks ? '\n'.repeat(blanks) : ' ') + lines[i];
      blanks = 0;
    }
  }
  return out;
}

/**
 * A plain scalar's value under the YAML 1.2 core schema, as yaml resolves it (its tags' tests, in its order).
 * Octal and hexadecimal integers keep a format yaml remembers: those files are left to yaml.
 */
function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  // Dispatch on the first character: a word that starts with any other letter matches none of the tags.
  if (c === 0x6e || c === 0x4e || c === 0x7e || text === '') return /^(?:~|[Nn]ull|NULL)?$/.test(text) ? null : text;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) return /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text) ? c === 0x74 || c === 0x54 : text;
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === DASH || c === 0x2e;
  if (!numeric) return text;
  if (/^0o[0-7]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) throw OUTSIDE;
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) {
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : c === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text)) return parseFloat(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}
