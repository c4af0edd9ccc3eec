import { describe, expect, it } from 'vitest';
import { formatCompact, formatInstant, formatNumber, formatPercent, moneyFormat } from './format.ts';

describe('formatNumber', () => {
  it('groups thousands and drops trailing zeros', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(1000.5)).toBe('1,000.5');
    expect(formatNumber(100, 0)).toBe('100');
    expect(formatNumber(200_000_000_000)).toBe('200,000,000,000');
  });

  it('writes negatives with a minus sign, but not a negative zero', () => {
    expect(formatNumber(-0.5)).toBe('\u22120.5');
    expect(formatNumber(-0.001)).toBe('0');
  });

  it('writes a dash for what is not a number', () => {
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatCompact', () => {
  it('shortens thousands, millions and billions', () => {
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(999_999)).toBe('1M');
    expect(formatCompact(0.5)).toBe('0.5');
    expect(formatCompact(1500)).toBe('1.5k');
    expect(formatCompact(12_500_000)).toBe('12.5M');
    expect(formatCompact(-2_000_000_000)).toBe('\u22122B');
    expect(formatCompact(3e12)).toBe('3,000B');
  });
});

describe('formatPercent', () => {
  it('writes a fraction as a percentage', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(1)).toBe('100%');
  });
});

describe('moneyFormat', () => {
  it('writes cents in full, as the storefront does', () => {
    expect(moneyFormat('CNY')(123456)).toBe('¥1,234.56');
    expect(moneyFormat('SGD')(100)).toBe('SGD 1.00');
    expect(moneyFormat('CNY')(200_000_000_000)).toBe('¥2,000,000,000.00');
    // With the minus sign every other figure on the page has, compact or not.
    expect(moneyFormat('CNY')(-130_792)).toBe('\u2212¥1,307.92');
  });

  it('rounds a mean to the cent, and writes a dash for what is not a number', () => {
    expect(moneyFormat('CNY')(299_939.31)).toBe('¥2,999.39');
    expect(moneyFormat('CNY')(-0.4)).toBe('¥0.00');
    expect(moneyFormat('CNY')(Number.NaN)).toBe('–');
    expect(moneyFormat('CNY', { compact: true })(Number.NaN)).toBe('–');
  });

  it('writes cents compact for axes', () => {
    expect(moneyFormat('CNY', { compact: true })(200_000_000_000)).toBe('¥2B');
    expect(moneyFormat('CNY', { compact: true })(4_999_900)).toBe('¥50k');
    expect(moneyFormat('USD', { compact: true })(-150_000)).toBe('\u2212$1.5k');
    expect(moneyFormat('SGD', { compact: true })(0)).toBe('SGD 0');
  });
});

describe('formatInstant', () => {
  it('reads the clock of the campaign timezone', () => {
    expect(formatInstant(Date.parse('2026-11-10T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-11 00:30');
    expect(formatInstant(Date.parse('2026-11-10T16:30:00Z'), 'UTC')).toBe('2026-11-10 16:30');
  });
});
