import { describe, expect, it } from 'vitest';
import { count, countdown, money, shortHash, when } from './format.ts';

describe('formatting at the edge', () => {
  it('shows integer cents as the campaign’s currency', () => {
    expect(money(23_900, 'CNY', 'en')).toBe('¥239.00');
    expect(money(23_900, 'CNY', 'zh')).toBe('¥239.00');
    expect(money(5, 'CNY', 'en')).toBe('¥0.05');
    expect(money(888_800, 'CNY', 'en')).toBe('¥8,888.00');
    expect(money(0, 'CNY', 'zh')).toBe('¥0.00');
    expect(money(1_999, 'USD', 'en')).toBe('$19.99');
  });

  it('refuses an amount that is not whole cents', () => {
    expect(() => money(10.5, 'CNY', 'en')).toThrow(RangeError);
  });

  it('groups counts', () => {
    expect(count(3000, 'en')).toBe('3,000');
  });

  it('counts down in days, hours, minutes and seconds, never below zero', () => {
    expect(countdown(15_000, 'en')).toBe('00:15');
    expect(countdown(14_001, 'en')).toBe('00:15'); // a second begun is shown whole: "ready" only at zero
    expect(countdown(3_600_000 + 61_000, 'en')).toBe('01:01:01');
    expect(countdown((11 * 86_400 + 4 * 3600) * 1000, 'en')).toBe('11d 04:00:00');
    expect(countdown((11 * 86_400 + 4 * 3600) * 1000, 'zh')).toBe('11天 04:00:00');
    expect(countdown(-5_000, 'en')).toBe('00:00');
  });

  it('shows instants in the campaign’s time zone', () => {
    expect(when('2026-11-11T14:00:00.000Z', 'Asia/Shanghai', 'en')).toBe('Nov 11, 22:00');
    expect(when('2026-11-11T14:00:00.000Z', 'Asia/Shanghai', 'zh')).toBe('11月11日 22:00');
  });

  it('shortens a digest to a checkable start and end', () => {
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(shortHash(hex)).toBe('ba7816bf8f…f20015ad');
    expect(shortHash('abc')).toBe('abc');
  });
});
