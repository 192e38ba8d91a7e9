/**
 * The one rule for every dated pin (an AKS Kubernetes version's end of community support, an Azure
 * OpenAI model version's retirement, a GPU size's retirement): a date is the first day the pin no
 * longer works. From that day on kaito-aks refuses the pin; in the {@link WARNING_DAYS} days before,
 * it warns. Dates are ISO days (`YYYY-MM-DD`), compared in UTC. No cdktf.
 */

/** How many days before a pin's date kaito-aks starts to warn. */
export const WARNING_DAYS = 60;

/** A dated pin judged against today. */
export type DateVerdict =
  | { readonly state: 'ok' }
  | { readonly state: 'ending'; readonly on: string; readonly daysLeft: number }
  | { readonly state: 'ended'; readonly on: string };

const DAY_MS = 86_400_000;

/** Today's date (UTC) as an ISO day, `2026-12-07`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (ISO days); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Judges a pin whose date is `on` (undefined: no date is published) against `today`: `ended` from
 * that day on, `ending` within {@link WARNING_DAYS} days before it, `ok` otherwise.
 */
export function judgeDate(on: string | undefined, today: string): DateVerdict {
  if (on === undefined) return { state: 'ok' };
  const daysLeft = daysBetween(today, on);
  if (daysLeft <= 0) return { state: 'ended', on };
  return daysLeft <= WARNING_DAYS ? { state: 'ending', on, daysLeft } : { state: 'ok' };
}

/** `in 1 day`, `in 29 days`. */
export function inDays(days: number): string {
  return `in ${days} day${days === 1 ? '' : 's'}`;
}
