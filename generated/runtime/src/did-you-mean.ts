/**
 * Did you mean: the closest declared key or allowed value to a typo, for typo protection.
 *
 * Takes a word and its candidates; returns the closest candidate within about one edit in three
 * characters, or nothing. Bounded: a word over 100 characters is not compared, and a distance
 * gives up past its limit.
 */

/** Rows of the distance table, kept between calls (a body of 100 000 unknown keys compares each with every declared one). */
let beforeRow: number[] = [];
let previousRow: number[] = [];
let currentRow: number[] = [];

/** Optimal-string-alignment distance, case-insensitive; gives up (returns `limit + 1`) past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  for (let j = 0; j <= y.length; j++) previousRow[j] = j;
  for (let i = 1; i <= x.length; i++) {
    currentRow[0] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min(previousRow[j]! + 1, currentRow[j - 1]! + 1, previousRow[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      // A swap of two neighbours is one edit (out-of-range reads are undefined, so never equal).
      if (x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, beforeRow[j - 2]! + 1);
      currentRow[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [beforeRow, previousRow, currentRow] = [previousRow, currentRow, beforeRow];
  }
  return previousRow[y.length]!;
}

/** The closest string among `candidates`, if it is close enough to be a typo (about one edit in three characters). */
export function closestMatch(word: string, candidates: readonly unknown[]): string | undefined {
  if (word.length > 100) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    if (typeof candidate !== "string" || candidate === word) continue;
    const distance = editDistance(word, candidate, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
