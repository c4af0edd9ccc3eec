import { DEFAULT_HOURS, type DailyCurve } from './population.ts';
import type { Rng } from './rng.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The local midnights of a campaign's days, from the day holding `from` to the day holding `to`. */
export function localMidnights(from: number, to: number, timeZone: string): number[] {
  const midnights: number[] = [];
  for (let day = localMidnight(from, timeZone); day < to; day = localMidnight(day + DAY + 2 * HOUR, timeZone)) midnights.push(day);
  return midnights;
}

/** The local midnight starting the day that holds `instant`. */
export function localMidnight(instant: number, timeZone: string): number {
  const offset = offsetAt(instant, timeZone);
  const local = instant + offset;
  const midnightLocal = local - (((local % DAY) + DAY) % DAY);
  return midnightLocal - offsetAt(midnightLocal - offset, timeZone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * When in a day visits happen: an hour by the curve's weights, a uniform moment within it; on
 * the rush day, a share of visits falls in the minutes after the rush begins.
 */
export class VisitClock {
  readonly #hours: readonly number[];
  readonly #total: number;
  readonly #rush: { at: number; span: number; share: number } | undefined;

  constructor(curve: DailyCurve | undefined, defaultRushAt: number) {
    this.#hours = curve?.hours ?? DEFAULT_HOURS;
    this.#total = this.#hours.reduce((a, b) => a + b, 0);
    const rush = curve ? curve.rush : { minutes: 60, share: 0.3, at: undefined };
    this.#rush = rush && { at: rush.at ? Date.parse(rush.at) : defaultRushAt, span: rush.minutes * 60_000, share: rush.share };
  }

  /** A visit's moment on the day starting at `midnight`. */
  at(midnight: number, rng: Rng): number {
    const rush = this.#rush;
    if (rush && rush.at >= midnight && rush.at < midnight + DAY && rng.chance(rush.share)) return rush.at + rng.below(rush.span);
    return midnight + rng.weighted(this.#hours, this.#total) * HOUR + rng.below(HOUR);
  }
}
