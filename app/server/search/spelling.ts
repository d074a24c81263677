/**
 * Typo tolerance: the nearest word of a bounded vocabulary by optimal-string-alignment distance
 * (Levenshtein plus adjacent transpositions, so "bleu" is one edit from "blue").
 */

/** Edits allowed for a word of this length: none under 4 letters, 1 up to 5, 2 from 6. */
export function maxEditsFor(length: number): number {
  return length < 4 ? 0 : length <= 5 ? 1 : 2;
}

/** Optimal string alignment distance, or max + 1 as soon as it must exceed max. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    let best = row[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[cols - 1]!;
}

/**
 * The closest word within the edits allowed for `word`'s length; ties go to the word found in
 * more works, then alphabetically. Null when none is close enough.
 */
export function nearestWord(word: string, vocabulary: ReadonlyMap<string, number>): string | null {
  const max = maxEditsFor(word.length);
  if (max === 0) return null;
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, count] of vocabulary) {
    if (candidate === word || Math.abs(candidate.length - word.length) > max || candidate.length < 3) continue;
    const distance = editDistance(word, candidate, max);
    if (distance > max) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && (count > best.count || (count === best.count && candidate < best.word)))
    ) {
      best = { word: candidate, distance, count };
    }
  }
  return best?.word ?? null;
}
