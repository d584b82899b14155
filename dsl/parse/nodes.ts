// Small helpers over yaml's node types: entries of a map, lookups by path, JS values.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Entry } from './ast';
import { aliasTarget, nodeToJS } from './yaml';

/** An alias stands for its anchored node: checks look through it (positions are the anchor's). */
export function resolved(node: Node | null | undefined, doc?: Document): Node | null | undefined {
  // readYaml found every alias's target once; yaml's own resolve() walks the whole document per call.
  return isAlias(node) && doc ? (aliasTarget(doc, node) ?? (node.resolve(doc) as Node | undefined) ?? node) : node;
}

export function entriesOf(map: YAMLMap | undefined, doc?: Document): Entry[] {
  if (!map) return [];
  const out: Entry[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    if (!keyNode) continue;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    out.push({ key, keyNode, value: resolved(pair.value as Node | null, doc) ?? null });
  }
  return out;
}

/** First entry with that key: a duplicate is already a YAML error. */
export function findEntry(entries: readonly Entry[], key: string): Entry | undefined {
  return entries.find((e) => e.key === key);
}

export function asMap(node: Node | null | undefined, doc?: Document): YAMLMap | undefined {
  const n = resolved(node, doc);
  return isMap(n) ? (n as YAMLMap) : undefined;
}

export function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** The JS value of a node; the document resolves aliases and `<<` merge keys. */
export function toJS(node: Node | null | undefined, doc: Document): unknown {
  if (!node) return null;
  return nodeToJS(node, doc);
}

/**
 * The node a path leads to. When a key is missing, returns the deepest node found and whether
 * the path ended early; `wantKey` returns the key node of the last map entry instead of its value.
 */
export function nodeAt(
  root: Node | null | undefined,
  path: readonly PropertyKey[],
  wantKey = false,
  doc?: Document,
): { node: Node | null | undefined; keyNode?: Node; complete: boolean } {
  let node: Node | null | undefined = resolved(root, doc);
  let keyNode: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const entry = findEntry(entriesOf(node as YAMLMap, doc), String(seg));
      if (!entry) return { node, keyNode, complete: false };
      keyNode = entry.keyNode;
      if (wantKey && i === path.length - 1) return { node: entry.keyNode, keyNode, complete: true };
      // An empty value has no useful position of its own: fall back to its key.
      node = entry.value ?? entry.keyNode;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = resolved(node.items[seg] as Node, doc);
      keyNode = undefined;
    } else {
      return { node, keyNode, complete: false };
    }
  }
  return { node, keyNode, complete: true };
}
