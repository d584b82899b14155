// "Did you mean …?" for misspelt names: the closest candidate by edit distance.

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** Closest candidate, or undefined when none is near enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const other = c.toLowerCase();
    // A shortened name (minAcc for minAccuracy) is as likely a slip as a typo.
    const abbreviated = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
    const score = abbreviated ? 1 : editDistance(lower, other);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  // Allow roughly one typo per three characters; beyond that a suggestion misleads.
  // Never suggest by replacing the whole name ('c' for 'a').
  const near = bestScore <= Math.max(2, Math.floor(name.length / 3)) && bestScore < name.length;
  return best !== undefined && near ? best : undefined;
}

/** ` (did you mean 'x'?)` or ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
