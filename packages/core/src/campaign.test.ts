import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iso } from './campaign.ts';

describe('iso', () => {
  it('formats like Date#toISOString for every instant from year 0000 to 9999', () => {
    const min = Date.parse('0000-01-01T00:00:00.000Z');
    const max = Date.parse('9999-12-31T23:59:59.999Z');
    fc.assert(fc.property(fc.integer({ min, max }), (t) => iso(t) === new Date(t).toISOString()), { numRuns: 20_000 });
  });

  it('formats the edges of days, leap days and the epoch exactly', () => {
    for (const text of ['1970-01-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2026-11-10T16:00:00.000Z', '2000-03-01T00:00:00.001Z', '1969-12-31T23:59:59.999Z']) {
      expect(iso(Date.parse(text))).toBe(text);
    }
  });
});
