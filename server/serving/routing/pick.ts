// Which answering variant takes a request: the variants' weights laid end to end on [0, total), and a point on
// that line. A random point spreads requests by weight; a point hashed from a sticky request key (./sticky.ts)
// sends one key to the same variant for as long as the weights stay as they are. Pure functions, no I/O.

export interface Weighted {
  weight: number;
}

/** The sum of the weights (negative weights count as 0). */
export function totalWeight(variants: readonly Weighted[]): number {
  let total = 0;
  for (const v of variants) total += Math.max(0, v.weight);
  return total;
}

/**
 * The variant at `point` (in [0, 1)) of the weights laid end to end: the first one whose cumulative weight exceeds
 * point × total. With a single variant, or no weight at all, the first one.
 */
export function pickAt<T extends Weighted>(variants: readonly T[], point: number, total = totalWeight(variants)): T {
  if (variants.length === 1 || total <= 0) return variants[0];
  let at = point * total;
  for (const v of variants) {
    at -= Math.max(0, v.weight);
    if (at < 0) return v;
  }
  // point × total rounded up to total: the last variant with any weight.
  for (let i = variants.length - 1; i >= 0; i--) if (variants[i].weight > 0) return variants[i];
  return variants[variants.length - 1];
}

/**
 * A sticky key's point in [0, 1): 32-bit FNV-1a over the key's UTF-16 code units, then murmur3's finalizer so that
 * keys differing in one character land far apart. Stable across processes and versions (several predict servers
 * behind a load balancer send one key to the same variant).
 */
export function keyPoint(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
