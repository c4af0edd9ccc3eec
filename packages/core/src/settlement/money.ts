/**
 * The most one amount of money (cents) or candy in a campaign definition may be: 10^13, ¥100
 * billion. Far above any real campaign, and small enough that hundreds of them add up exactly
 * (2^53 − 1, where numbers stop being exact, is about 900 of them); the ledger refuses any
 * balance past that, and `formatMoney` writes larger products (a lint's stock × cash) in full.
 */
export const MAX_AMOUNT = 10 ** 13;

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
  // Past 2^53 a number is a whole number that toString writes with an exponent: BigInt writes every digit.
  const exact = abs <= Number.MAX_SAFE_INTEGER;
  const digits = exact ? Math.floor(abs / 100).toString() : (BigInt(abs) / 100n).toString();
  let units = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = units.length; i < digits.length; i += 3) units += `,${digits.slice(i, i + 3)}`;
  const fraction = (exact ? abs % 100 : Number(BigInt(abs) % 100n)).toString().padStart(2, '0');
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${units}.${fraction}` : `${sign}${currency} ${units}.${fraction}`;
}
