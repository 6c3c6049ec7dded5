/** Closest candidate within an edit distance that still reads as a typo, or null. */
export function didYouMean(input: string, candidates: readonly string[]): string | null {
  const budget = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  let best: string | null = null;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    const d = editDistance(input.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition: "paht" is
// one typo from "path") with an early exit once every cell of a row exceeds `cap`: inputs here are
// short field names, but a tenant can send a 200 kB "op" and we must not go quadratic on it.
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const curr = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] ?? 0) + 1);
      curr.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    before = prev;
    prev = curr;
  }
  return prev[b.length] ?? cap;
}
