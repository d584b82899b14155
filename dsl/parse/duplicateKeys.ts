// Duplicate map keys, found in one pass over the document. The yaml package's own check (`uniqueKeys: true`)
// compares each new key with every earlier key of its map, which is quadratic in a map's size: a 10 000-step
// pipeline spent seconds there. This reports the same error (code DUPLICATE_KEY, at the repeated key) with a Set.
import { isScalar, visit, YAMLParseError, type Document } from 'yaml';

export function reportDuplicateKeys(doc: Document): void {
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue; // the yaml package only finds scalar duplicates too
        const key = pair.key.value;
        if (seen.has(key)) {
          const start = pair.key.range?.[0] ?? 0;
          doc.errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        } else seen.add(key);
      }
    },
  });
}
