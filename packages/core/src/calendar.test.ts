import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, isTimeZone, localDay } from './calendar.ts';

describe('localDay', () => {
  it('turns the Shanghai day at 16:00 UTC', () => {
    expect(localDay(Date.parse('2026-11-10T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-10');
    expect(localDay(Date.parse('2026-11-10T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-11');
  });

  it('follows daylight saving time where the campaign is', () => {
    // New York springs forward on 2026-03-08: midnight is 05:00Z before, 04:00Z after.
    expect(localDay(Date.parse('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDay(Date.parse('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDay(Date.parse('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDay(Date.parse('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });

  it('handles zones whose offset is not whole hours', () => {
    expect(localDay(Date.parse('2026-11-10T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-11-10');
    expect(localDay(Date.parse('2026-11-10T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-11-11');
  });

  it('agrees with an uncached Intl.DateTimeFormat for any instant this century', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
    const instants = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (instant, timeZone) => {
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
        expect(localDay(instant, timeZone)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across months and leap days', () => {
    expect(daysBetween('2026-11-10', '2026-11-11')).toBe(1);
    expect(daysBetween('2026-10-31', '2026-11-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-11-11', '2026-11-11')).toBe(0);
    expect(daysBetween('2026-11-11', '2026-11-10')).toBe(-1);
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
