import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks.ts';

const labels = (from: string, to: string, timeZone: string): string[] => timeTicks(Date.parse(from), Date.parse(to), timeZone).map((tick) => tick.label);

describe('timeTicks', () => {
  it('falls on round local hours, dating the first tick and each midnight', () => {
    expect(labels('2026-11-10T16:00Z', '2026-11-11T16:00Z', 'Asia/Shanghai')).toEqual(['Nov 11 00:00', '06:00', '12:00', '18:00', 'Nov 12 00:00']);
    expect(labels('2026-11-10T17:10Z', '2026-11-11T03:00Z', 'Asia/Shanghai')).toEqual(['Nov 11 02:00', '04:00', '06:00', '08:00', '10:00']);
  });

  it('falls on local midnights for a campaign of days, and on Mondays for one of weeks', () => {
    expect(labels('2026-11-01T00:00+08:00', '2026-11-11T23:59+08:00', 'Asia/Shanghai')).toEqual(['Nov 1', 'Nov 3', 'Nov 5', 'Nov 7', 'Nov 9', 'Nov 11']);
    // 2026-10-12 is a Monday.
    expect(labels('2026-10-01T00:00Z', '2026-11-30T00:00Z', 'UTC')).toEqual(['Oct 12', 'Oct 26', 'Nov 9', 'Nov 23']);
  });

  it('keeps local midnights across a daylight saving change', () => {
    // New York falls back on 2026-11-01: midnight is 04:00Z before, 05:00Z after.
    const ticks = timeTicks(Date.parse('2026-10-30T04:00Z'), Date.parse('2026-11-03T05:00Z'), 'America/New_York');
    expect(ticks.map((tick) => new Date(tick.value).toISOString())).toEqual([
      '2026-10-30T04:00:00.000Z',
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      '2026-11-03T05:00:00.000Z',
    ]);
  });

  it('gives minute ticks to an instant rather than nothing', () => {
    expect(labels('2026-11-11T00:00Z', '2026-11-11T00:00Z', 'UTC')).toEqual(['Nov 11 00:00']);
  });
});
