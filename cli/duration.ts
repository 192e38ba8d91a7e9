/** Durations as the CLI reads (`--timeout 30m`) and prints them (`12m05s`). */

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses `1h30m`, `30m`, `90s`, `500ms`: one or more number-unit pairs, units `h`, `m`, `s`, `ms`.
 * @throws Error naming the bad value and the accepted form.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const pairs = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (trimmed === '' || pairs.map((p) => p[0]).join('') !== trimmed) {
    throw new Error(`"${text}" is not a duration; use a number and a unit, e.g. 30m, 90s, 1h30m or 500ms`);
  }
  const ms = pairs.reduce((total, [, value, unit]) => total + Number(value) * UNITS[unit], 0);
  if (ms <= 0) throw new Error(`"${text}" is not a duration longer than zero; use e.g. 30m`);
  return Math.round(ms);
}

/** Formats milliseconds as `45s`, `3m07s` or `1h02m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Formats milliseconds as seconds with two decimals, `0.21 s`, for request timings. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
