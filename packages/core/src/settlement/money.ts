const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$' };

/**
 * An amount in cents as a shopper reads it: `¥1,234.56`. Every currency Carnival prices in has
 * two decimals; a currency without a symbol here is written with its code (`SGD 12.00`).
 *
 * @example formatMoney(-2300, 'CNY') // '-¥23.00'
 */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const digits = Math.floor(abs / 100).toString();
  let units = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = units.length; i < digits.length; i += 3) units += `,${digits.slice(i, i + 3)}`;
  const fraction = (abs % 100).toString().padStart(2, '0');
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${units}.${fraction}` : `${sign}${currency} ${units}.${fraction}`;
}
