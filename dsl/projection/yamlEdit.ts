// Minimal edits of one map or sequence of a parsed YAML document, as splices of its source text.
import { isAlias, isCollection as isYamlCollection, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { flowScalar, flowValue, inlineValue, isPlainObject, LINE_WIDTH, pairLines, type Style } from './render';
import { nodeToJS } from '../parse/yaml';
import { blockStart, columnOf, insertLines, lineEndAfter, lineStart, type Splice } from './splice';

export interface EditContext {
  src: string;
  doc: Document;
  /** Indentation step of the file (2 unless it shows another). */
  unit: number;
}

/** The pair holding a collection, up to the root: where an emptied collection is removed or written `{}`. */
export interface Owner {
  map: YAMLMap;
  pair: Pair;
  owner?: Owner;
}

export type Item = Pair | Node;
type Collection = YAMLMap | YAMLSeq;

export class EditError extends Error {
  override name = 'EditError';
}

export function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

export function findPair(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p) => keyOf(p) === key);
}

function rangeOf(n: unknown): [number, number, number] | undefined {
  return (n as Node | null | undefined)?.range ?? undefined;
}

export function itemStart(item: Item): number {
  return isPair(item) ? (rangeOf(item.key)?.[0] ?? 0) : (rangeOf(item)?.[0] ?? 0);
}

/** End of an item's own text (its trailing comment excluded). */
export function contentEnd(item: Item): number {
  if (!isPair(item)) return rangeOf(item)?.[1] ?? 0;
  return Math.max(rangeOf(item.key)?.[1] ?? 0, rangeOf(item.value)?.[1] ?? 0);
}

function isFlow(c: Collection): boolean {
  return c.flow === true;
}

const isEmptyNode = (n: Node | null | undefined) => !n || !n.range || n.range[0] === n.range[1];

export function jsOf(ctx: EditContext, node: unknown): unknown {
  if (!node) return null;
  return nodeToJS(node as Node, ctx.doc);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Scalar text keeping the old scalar's quoting when it was quoted. */
function keepQuotes(old: Node | null | undefined, v: unknown): string | undefined {
  if (typeof v !== 'string' || /[\n\r]/.test(v) || !isScalar(old)) return undefined;
  if (old.type === 'QUOTE_DOUBLE') return JSON.stringify(v);
  if (old.type === 'QUOTE_SINGLE') return `'${v.replace(/'/g, "''")}'`;
  return undefined;
}

/** Whole lines replacing `[start, end)` where `end` is a line end (or the end of the file). */
function linesText(ctx: EditContext, lines: readonly string[], col: number, end: number): string {
  const pad = ' '.repeat(col);
  const text = lines.map((l, i) => (i === 0 ? l : pad + l)).join('\n');
  return end >= ctx.src.length && !ctx.src.endsWith('\n') ? text : `${text}\n`;
}

/** Set `key` to `value` in `map`: replaces in place (recursing into maps), or adds the pair. */
export function setMapValue(
  ctx: EditContext,
  map: YAMLMap,
  key: string,
  value: unknown,
  opts: { after?: readonly string[]; style?: Style } = {},
): Splice[] {
  const pair = findPair(map, key);
  return pair ? replacePairValue(ctx, map, pair, value, opts.style) : insertPair(ctx, map, key, value, opts);
}

export function replacePairValue(ctx: EditContext, map: YAMLMap, pair: Pair, value: unknown, style: Style = 'auto'): Splice[] {
  const old = pair.value as Node | null;
  const key = pair.key as Node;
  if (deepEqual(jsOf(ctx, old), value)) return [];
  const kText = flowScalar(keyOf(pair));
  const col = columnOf(ctx.src, key.range![0]);
  const inside = editInside(ctx, old, value, isFlow(map) ? undefined : col + kText.length + 2);
  if (inside) return inside;
  if (isFlow(map)) {
    if (isEmptyNode(old)) return [{ start: key.range![0], end: contentEnd(pair), text: `${kText}: ${flowValue(value)}` }];
    return [{ start: old!.range![0], end: old!.range![1], text: keepQuotes(old, value) ?? flowValue(value) }];
  }
  const lines = pairLines(keyOf(pair), value, ctx.unit, LINE_WIDTH - col, style);
  const oldInline = !old || isScalar(old) || isAlias(old) || (isYamlCollection(old) && isFlow(old));
  if (lines.length === 1 && oldInline) {
    const text = keepQuotes(old, value) ?? lines[0].slice(kText.length + 2);
    if (isEmptyNode(old)) {
      const colon = ctx.src.indexOf(':', key.range![1]);
      return [{ start: key.range![1], end: Math.max(colon + 1, contentEnd(pair)), text: `: ${text}` }];
    }
    return [{ start: old!.range![0], end: old!.range![1], text }];
  }
  const end = lineEndAfter(ctx.src, contentEnd(pair));
  return [{ start: key.range![0], end, text: linesText(ctx, lines, col, end) }];
}

/**
 * An edit inside a map or list of the same shape, so untouched entries (and their comments) stay as
 * written; undefined when the value must be rewritten whole. `at`: the column the value starts at
 * when it sits on a block line, where a flow collection that grows past the line width is rewritten.
 */
function editInside(ctx: EditContext, old: Node | null, value: unknown, at: number | undefined): Splice[] | undefined {
  if (!(isMap(old) && isPlainObject(value)) && !(isSeq(old) && Array.isArray(value))) return undefined;
  if (at !== undefined && isFlow(old)) {
    const length = flowValue(value).length;
    if (at + length > LINE_WIDTH && length > old.range![1] - old.range![0]) return undefined;
  }
  if (isMap(old)) return old.items.some((p) => keyOf(p) === '<<') ? undefined : mergeMap(ctx, old, value as Record<string, unknown>);
  const list = value as unknown[];
  const n = old.items.length;
  if (n === 0 || list.length === 0) return undefined;
  if (list.length === n) return list.flatMap((v, i) => setSeqItem(ctx, old, i, v));
  const olds = old.items.map((item) => jsOf(ctx, item));
  if (list.length > n) {
    const prefixSame = olds.every((v, i) => deepEqual(v, list[i]));
    return prefixSame ? list.slice(n).flatMap((v) => appendSeqItem(ctx, old, v)) : undefined;
  }
  // Fewer items: remove the ones missing when the new list is the old one with some taken out.
  const gone = new Set<number>();
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (j < list.length && deepEqual(olds[i], list[j])) j++;
    else gone.add(i);
  }
  return j === list.length ? (removeItems(ctx, old, gone) as Splice[]) : undefined;
}

/** Key by key; undefined when nothing of the old map would remain (then the caller rewrites it whole). */
function mergeMap(ctx: EditContext, node: YAMLMap, value: Record<string, unknown>): Splice[] | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const keys = new Set(entries.map(([k]) => k));
  const kept = node.items.filter((p) => keys.has(keyOf(p)));
  if (kept.length === 0) return undefined;
  const splices: Splice[] = [];
  const gone = new Set(node.items.flatMap((p, i) => (keys.has(keyOf(p)) ? [] : [i])));
  if (gone.size > 0) splices.push(...(removeItems(ctx, node, gone) as Splice[]));
  for (const [k, v] of entries) {
    const pair = findPair(node, k);
    splices.push(...(pair ? replacePairValue(ctx, node, pair, v) : insertPair(ctx, node, k, v)));
  }
  return splices;
}

export function insertPair(
  ctx: EditContext,
  map: YAMLMap,
  key: string,
  value: unknown,
  opts: { after?: readonly string[]; style?: Style } = {},
): Splice[] {
  const items = map.items;
  const anchor = opts.after?.map((k) => findPair(map, k)).find((p) => p !== undefined) ?? items[items.length - 1];
  if (isFlow(map) || !anchor) {
    const text = `${flowScalar(key)}: ${flowValue(value)}`;
    if (!anchor) return [{ start: map.range![0], end: map.range![1], text: `{ ${text} }` }];
    return [{ start: contentEnd(anchor), end: contentEnd(anchor), text: `, ${text}` }];
  }
  const col = columnOf(ctx.src, itemStart(items[0]));
  const lines = pairLines(key, value, ctx.unit, LINE_WIDTH - col, opts.style);
  return [insertLines(ctx.src, lineEndAfter(ctx.src, contentEnd(anchor)), lines, col)];
}

export function setSeqItem(ctx: EditContext, seq: YAMLSeq, index: number, value: unknown): Splice[] {
  const old = seq.items[index] as Node | null;
  if (deepEqual(jsOf(ctx, old), value)) return [];
  if (!old?.range) throw new EditError(`cannot edit item ${index}: it has no position`);
  const inside = editInside(ctx, old, value, isFlow(seq) ? undefined : columnOf(ctx.src, old.range[0]));
  if (inside) return inside;
  const quoted = keepQuotes(old, value);
  if (isFlow(seq)) return [{ start: old.range[0], end: old.range[1], text: quoted ?? flowValue(value) }];
  const oldInline = isScalar(old) || isAlias(old) || (isYamlCollection(old) && isFlow(old));
  if (oldInline) return [{ start: old.range[0], end: old.range[1], text: quoted ?? inlineValue(value) }];
  const end = lineEndAfter(ctx.src, old.range[1]);
  return [{ start: old.range[0], end, text: linesText(ctx, [inlineValue(value)], 0, end) }];
}

export function appendSeqItem(ctx: EditContext, seq: YAMLSeq, value: unknown): Splice[] {
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  if (isFlow(seq) || !last) {
    if (!last) return [{ start: seq.range![0], end: seq.range![1], text: `[${flowValue(value)}]` }];
    return [{ start: last.range![1], end: last.range![1], text: `, ${flowValue(value)}` }];
  }
  const first = items[0];
  const prefix = ctx.src.slice(lineStart(ctx.src, first.range![0]), first.range![0]);
  return [insertLines(ctx.src, lineEndAfter(ctx.src, last.range![1]), [prefix + inlineValue(value)], 0)];
}

/** Removes items; 'all' when none would remain (the caller decides what an empty collection becomes). */
export function removeItems(ctx: EditContext, coll: Collection, remove: ReadonlySet<number>): Splice[] | 'all' {
  const items = coll.items as Item[];
  const present = [...remove].filter((i) => i >= 0 && i < items.length);
  if (present.length === 0) return [];
  if (present.length === items.length) return 'all';
  if (!isFlow(coll)) {
    return present.map((i) => ({
      start: blockStart(ctx.src, itemStart(items[i])),
      end: lineEndAfter(ctx.src, contentEnd(items[i])),
      text: '',
    }));
  }
  // Flow: an item goes with the separator after it; items after the last kept one go with the separator before.
  let lastKept = -1;
  for (let i = 0; i < items.length; i++) if (!remove.has(i)) lastKept = i;
  const splices: Splice[] = [];
  for (const i of present) {
    if (i < lastKept) splices.push({ start: itemStart(items[i]), end: itemStart(items[i + 1]), text: '' });
  }
  if (lastKept < items.length - 1) {
    splices.push({ start: contentEnd(items[lastKept]), end: contentEnd(items[items.length - 1]), text: '' });
  }
  return splices;
}

/**
 * Removes items of a map or sequence. When none would remain: 'remove-owner' removes the pair holding
 * the collection (recursively with the same rule); 'empty' writes `{}` / `[]` in its place.
 */
export function removeFrom(
  ctx: EditContext,
  coll: Collection,
  remove: ReadonlySet<number>,
  owner: Owner | undefined,
  whenEmpty: 'remove-owner' | 'empty',
): Splice[] {
  const r = removeItems(ctx, coll, remove);
  if (r !== 'all') return r;
  const empty = isSeq(coll) ? [] : {};
  if (owner && whenEmpty === 'remove-owner') {
    const index = owner.map.items.indexOf(owner.pair);
    return removeFrom(ctx, owner.map, new Set([index]), owner.owner, 'empty');
  }
  if (owner) return replacePairValue(ctx, owner.map, owner.pair, empty);
  const end = isFlow(coll) ? coll.range![1] : contentEnd((coll.items as Item[])[coll.items.length - 1]);
  return [{ start: coll.range![0], end, text: isSeq(coll) ? '[]' : '{}' }];
}

export function removeKeys(
  ctx: EditContext,
  map: YAMLMap,
  keys: readonly string[],
  owner: Owner | undefined,
  whenEmpty: 'remove-owner' | 'empty',
): Splice[] {
  const remove = new Set(map.items.flatMap((p, i) => (keys.includes(keyOf(p)) ? [i] : [])));
  return remove.size === 0 ? [] : removeFrom(ctx, map, remove, owner, whenEmpty);
}

/** Replace `from` with `to` inside a scalar's own text (plain or quoted), leaving the rest of it as written. */
export function renameInScalar(ctx: EditContext, node: Node, pattern: RegExp, to: string): Splice[] {
  const [start, end] = node.range!;
  const raw = ctx.src.slice(start, end);
  const splices: Splice[] = [];
  for (const m of raw.matchAll(pattern)) {
    const at = start + (m.index ?? 0) + (m[1]?.length ?? 0);
    splices.push({ start: at, end: at + (m[2]?.length ?? 0), text: to });
  }
  return splices;
}
