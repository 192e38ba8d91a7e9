/**
 * "Did you mean" for near misses: the candidates closest to a value by edit distance.
 *
 * Generic on purpose: any check with a list of names (regions, Azure OpenAI models, GPU sizes,
 * presets, variable names) can use it. Distances come from `fastest-levenshtein` (Levenshtein
 * distance, compared case-insensitively).
 */
import { distance } from 'fastest-levenshtein';

/** How far a candidate may be from the value and still be offered: a third of the value's length, at least 2. */
function tolerance(value: string): number {
  return Math.max(2, Math.floor(value.length / 3));
}

/**
 * The candidates nearest to `value`: those at the smallest edit distance, when that distance is
 * within a third of the value's length (at least 2), compared case-insensitively; at most `limit`
 * (default 3), in the candidates' order. Empty when nothing is close.
 */
export function closest(value: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = value.trim().toLowerCase();
  const scored = candidates.map((candidate) => ({ candidate, d: distance(wanted, candidate.toLowerCase()) }));
  // only the nearest: "v0.10.0" suggests "0.10.0", not also "0.12.0" one edit further
  const best = Math.min(...scored.map((c) => c.d));
  // filter keeps the candidates' order
  return scored
    .filter((c) => c.d <= tolerance(wanted) && c.d === best)
    .slice(0, limit)
    .map((c) => c.candidate);
}

/** `did you mean "a" or "b"?` for the `closest` candidates, or undefined when nothing is close. */
export function didYouMean(value: string, candidates: readonly string[], limit = 3): string | undefined {
  return askAbout(closest(value, candidates, limit));
}

/** `did you mean "a", "b" or "c"?`, or undefined for no names. */
export function askAbout(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const quoted = names.map((n) => `"${n}"`);
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
