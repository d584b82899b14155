/** The same items in the same order (===): how a checkpoint is matched to the features, classes and layers it was made for. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
