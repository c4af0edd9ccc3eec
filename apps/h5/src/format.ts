import type { Lang } from './i18n.ts';

/**
 * Formatting at the edge: amounts stay integer cents everywhere else and become text only here.
 */

const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

/** Integer cents as the campaign's currency: 23900 CNY → "¥239.00". */
export function money(cents: number, currency: string, lang: Lang): string {
  if (!Number.isInteger(cents)) throw new RangeError(`money is integer cents, got ${cents}`);
  const format = new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Dividing by a power of ten gives the exact decimal the formatter rounds to the same digits.
  return format.format(cents / 10 ** digits);
}

/** A whole count with grouping: 12345 → "12,345". */
export function count(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(value);
}

/** Time left as "3天 04:05:06" / "3d 04:05:06", or "04:05" under an hour; never negative. */
export function countdown(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = hours > 0 || days > 0 ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
  if (days === 0) return clock;
  return lang === 'zh' ? `${days}天 ${clock}` : `${days}d ${clock}`;
}

/** An instant as the campaign's local time: "11月11日 22:00" / "Nov 11, 22:00". */
export function when(instant: string | number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

/** A long hex digest shortened for a phone screen: the start and the end, both checkable. */
export function shortHash(hex: string): string {
  return hex.length <= 20 ? hex : `${hex.slice(0, 10)}…${hex.slice(-8)}`;
}
