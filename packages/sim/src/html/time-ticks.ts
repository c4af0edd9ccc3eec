/**
 * Ticks for a time axis: round local times in the campaign's timezone (every 15 minutes, every
 * 6 hours, every midnight...) rather than round numbers of epoch milliseconds.
 */
import { clockTime, localTime, shortDate, type LocalTime } from './format.ts';
import type { Tick } from './ticks.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];
// Weeks start on Monday; epoch day 0 was a Thursday, so Mondays are 4 days off a multiple of 7.
const MONDAY = 4 * DAY;

/** The local wall-clock reading of an instant, as if it were UTC: a timeline without gaps. */
function wallClock(time: LocalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClock(localTime(instant, timeZone)) - Math.floor(instant / MINUTE) * MINUTE;
}

/**
 * About `count` ticks at round local times between two instants. Day steps are labelled with the
 * date (`Nov 11`); shorter steps with the clock time, and with the date too where the day turns
 * (`Nov 11 00:00`, `06:00`, `12:00`...).
 *
 * @example timeTicks(Date.parse('2026-11-10T16:00Z'), Date.parse('2026-11-11T16:00Z'), 'Asia/Shanghai').map((t) => t.label)
 * // ['Nov 11 00:00', '06:00', '12:00', '18:00', 'Nov 12 00:00']
 */
export function timeTicks(min: number, max: number, timeZone: string, count = 6): Tick[] {
  const span = Math.max(max - min, MINUTE);
  const step = STEPS.find((candidate) => span / candidate <= count) ?? Math.ceil(span / count / (28 * DAY)) * 28 * DAY;
  const origin = step >= 7 * DAY ? MONDAY : 0;
  const offset = offsetAt(min, timeZone);
  const ticks: Tick[] = [];
  let previousDay = '';
  for (let wall = Math.ceil((min + offset - origin) / step) * step + origin; ; wall += step) {
    // Back from wall-clock to instant with the offset in force then (daylight saving may differ).
    const instant = wall - offsetAt(wall - offset, timeZone);
    if (instant > max) break;
    if (instant < min) continue;
    const time = localTime(instant, timeZone);
    const day = shortDate(time);
    const label = step >= DAY ? day : day !== previousDay ? `${day} ${clockTime(time)}` : clockTime(time);
    ticks.push({ value: instant, label });
    previousDay = day;
  }
  return ticks;
}
