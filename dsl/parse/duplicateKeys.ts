// Duplicate map keys, found in one pass over the document. The yaml package's own check (`uniqueKeys: true`)
// compares each new key with every earlier key of its map, which is quadratic in a map's size: a 10 000-step
// pipeline spent seconds there. This reports the same error (code DUPLICATE_KEY, at the repeated key) with a Set.
// A plain recursive walk: yaml's `visit` builds a path array per node, which cost more than the check itself.
import { isMap, isPair, isScalar, isSeq, YAMLParseError, type Document } from 'yaml';

export function reportDuplicateKeys(doc: Document): void {
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          // The yaml package only finds scalar duplicates too.
          const key = pair.key.value;
          if (seen.has(key)) {
            const start = pair.key.range?.[0] ?? 0;
            doc.errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else seen.add(key);
        } else walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(isPair(item) ? item.value : item);
    }
  };
  walk(doc.contents);
}
