import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('writes cents as a shopper reads them, with the currency symbol or code', () => {
    expect(formatMoney(0, 'CNY')).toBe('¥0.00');
    expect(formatMoney(-2300, 'CNY')).toBe('-¥23.00');
    expect(formatMoney(4_999_900, 'CNY')).toBe('¥49,999.00');
    expect(formatMoney(123_456_789_05, 'USD')).toBe('$123,456,789.05');
    expect(formatMoney(1200, 'SGD')).toBe('SGD 12.00');
  });

  it('writes every digit past 2^53, where a number prints with an exponent', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'CNY')).toBe('¥90,071,992,547,409.91');
    expect(formatMoney(10 ** 13 * 10 ** 9, 'CNY')).toBe('¥100,000,000,000,000,000,000.00');
    expect(formatMoney(-(2 ** 60), 'CNY')).toBe('-¥11,529,215,046,068,469.76');
  });
});
