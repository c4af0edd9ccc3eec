import { describe, expect, it } from 'vitest';
import { localMidnight, localMidnights, VisitClock } from './curve.ts';
import { Rng } from './rng.ts';

const HOUR = 3_600_000;
/** The festival's start, the midnight of 11-11 in Shanghai. */
const ELEVEN_ELEVEN = Date.parse('2026-11-11T00:00:00+08:00');

/** Share of `count` visits on the day starting at `midnight` whose local hour is in `hours`. */
function shareIn(clock: VisitClock, midnight: number, hours: readonly number[], count = 20_000): number {
  const rng = Rng.of('curve');
  let hits = 0;
  for (let i = 0; i < count; i++) if (hours.includes(Math.floor((clock.at(midnight, rng) - midnight) / HOUR))) hits++;
  return hits / count;
}

describe('VisitClock', () => {
  it('puts visits on an ordinary day by the default curve: evening peaks, quiet small hours', () => {
    const clock = new VisitClock(undefined, ELEVEN_ELEVEN);
    const day = Date.parse('2026-11-03T00:00:00+08:00');
    const evening = shareIn(clock, day, [20, 21, 22]);
    const smallHours = shareIn(clock, day, [3, 4, 5]);
    const morning = shareIn(clock, day, [7, 8, 9]);
    // The default weights give 20–22 h 28/100.4 of the day and 3–5 h 1/100.4.
    expect(evening).toBeGreaterThan(0.26);
    expect(evening).toBeLessThan(0.3);
    expect(smallHours).toBeLessThan(0.015);
    expect(evening).toBeGreaterThan(2.5 * morning);
    expect(shareIn(clock, day, Array.from({ length: 24 }, (_, h) => h))).toBe(1);
  });

  it('rushes at the festival midnight: 30% of that day\'s visits in its first hour by default', () => {
    const clock = new VisitClock(undefined, ELEVEN_ELEVEN);
    const firstHour = shareIn(clock, ELEVEN_ELEVEN, [0]);
    // 30% from the rush, plus the curve's own 3/100.4 of the other 70%: 32.1%.
    expect(firstHour).toBeGreaterThan(0.3);
    expect(firstHour).toBeLessThan(0.34);
    expect(shareIn(clock, Date.parse('2026-11-10T00:00:00+08:00'), [0])).toBeLessThan(0.04);
  });

  it('follows a population\'s own curve and rush', () => {
    const hours = Array.from({ length: 24 }, (_, h) => (h === 12 ? 1 : 0));
    const rushAt = '2026-11-01T20:00:00+08:00';
    const clock = new VisitClock({ hours, rush: { at: rushAt, minutes: 10, share: 0.5 } }, ELEVEN_ELEVEN);
    const day = Date.parse('2026-11-01T00:00:00+08:00');
    expect(shareIn(clock, day, [12])).toBeGreaterThan(0.45);
    const rng = Rng.of('rush');
    const moments = Array.from({ length: 2000 }, () => clock.at(day, rng));
    const inRush = moments.filter((t) => t >= Date.parse(rushAt) && t < Date.parse(rushAt) + 10 * 60_000).length / moments.length;
    expect(inRush).toBeGreaterThan(0.45);
    expect(inRush).toBeLessThan(0.55);
    expect(moments.every((t) => (t >= day + 12 * HOUR && t < day + 13 * HOUR) || (t >= Date.parse(rushAt) && t < Date.parse(rushAt) + 10 * 60_000))).toBe(true);
  });
});

describe('local midnights', () => {
  it('are the zone\'s midnights, one per day, across a daylight-saving change', () => {
    expect(localMidnight(Date.parse('2026-11-11T15:59:59Z'), 'Asia/Shanghai')).toBe(Date.parse('2026-11-10T16:00:00Z'));
    expect(localMidnights(Date.parse('2026-11-10T16:00:00Z'), Date.parse('2026-11-13T16:00:00Z'), 'Asia/Shanghai').map((t) => new Date(t).toISOString())).toEqual([
      '2026-11-10T16:00:00.000Z',
      '2026-11-11T16:00:00.000Z',
      '2026-11-12T16:00:00.000Z',
    ]);
    // New York leaves daylight saving on 2026-11-01: that day has 25 hours.
    expect(localMidnights(Date.parse('2026-10-31T04:00:00Z'), Date.parse('2026-11-02T12:00:00Z'), 'America/New_York').map((t) => new Date(t).toISOString())).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
  });
});
