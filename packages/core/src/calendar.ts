import { BoundedCache } from './bounded-cache.ts';

/**
 * Campaign-local calendar days. A "day" for daily caps, check-ins and streaks begins at
 * midnight in the campaign's timezone, not in UTC and not on the server's clock.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets only change on quarter-hour boundaries, so a day key is stable within one.
const QUARTER_HOUR = 15 * 60 * 1000;
const dayCache = new BoundedCache<string, string>(10_000);
// The last answer: most calls repeat the previous quarter hour of the same campaign, and this
// spares building and hashing a cache key for them.
let last = { timeZone: '', bucket: NaN, day: '' };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows this IANA timezone name. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The campaign-local date of an instant, as `YYYY-MM-DD`.
 *
 * @example
 * localDay(Date.parse('2026-11-10T16:00:00Z'), 'Asia/Shanghai') // '2026-11-11'
 */
export function localDay(instant: number, timeZone: string): string {
  const bucket = Math.floor(instant / QUARTER_HOUR);
  if (bucket === last.bucket && timeZone === last.timeZone) return last.day;
  const cacheKey = `${timeZone}|${bucket}`;
  const day = dayCache.get(cacheKey) ?? dayCache.add(cacheKey, formatter(timeZone).format(bucket * QUARTER_HOUR));
  last = { timeZone, bucket, day };
  return day;
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
