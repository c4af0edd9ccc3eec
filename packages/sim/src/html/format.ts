/**
 * Number and time formats for charts and tables. Every format is written by hand rather than
 * through locale-dependent `toLocaleString`, so a report reads the same on every machine.
 */
import { formatMoney } from '@carnival/core';

/** Turns a value into the text a reader sees, on an axis, a bar or in a table cell. */
export type ValueFormat = (value: number) => string;

const MINUS = '\u2212';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number with thousands separators and at most `maxDecimals` decimals, trailing zeros dropped.
 *
 * @example formatNumber(1234567.891) // '1,234,567.89'
 * @example formatNumber(-0.5) // '−0.5'
 */
export function formatNumber(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  let fixed = Math.abs(value).toFixed(maxDecimals);
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  const [whole = '0', fraction] = fixed.split('.');
  const sign = value < 0 && fixed !== '0' ? MINUS : '';
  return `${sign}${groupThousands(whole)}${fraction ? `.${fraction}` : ''}`;
}

const UNITS = [
  { size: 1, suffix: '' },
  { size: 1e3, suffix: 'k' },
  { size: 1e6, suffix: 'M' },
  { size: 1e9, suffix: 'B' },
];

/**
 * A number shortened with k, M or B, for axes where full digits would crowd the labels. The unit
 * is chosen after rounding, so 999,999 reads `1M`, not `1,000k`.
 *
 * @example formatCompact(12_500_000) // '12.5M'
 */
export function formatCompact(value: number): string {
  const unit = UNITS.find(({ size }) => Math.abs(Number((value / size).toFixed(2))) < 1000) ?? UNITS[UNITS.length - 1]!;
  return `${formatNumber(value / unit.size)}${unit.suffix}`;
}

/**
 * A fraction as a percentage.
 *
 * @example formatPercent(0.1234) // '12.3%'
 */
export function formatPercent(fraction: number, maxDecimals = 1): string {
  return `${formatNumber(fraction * 100, maxDecimals)}%`;
}

/**
 * Money given in cents, the unit of every amount in Carnival: in full (`¥1,234.56`), or compact
 * for axes (`¥1.23k`). Fractions of a cent (a mean per player) round to the nearest cent.
 *
 * @example moneyFormat('CNY')(123456) // '¥1,234.56'
 * @example moneyFormat('CNY', { compact: true })(200_000_000_000) // '¥2B'
 */
export function moneyFormat(currency: string, options: { compact?: boolean } = {}): ValueFormat {
  // The currency's symbol (or code and a space), exactly as the full format writes it.
  const symbol = formatMoney(0, currency).replace('0.00', '');
  return (cents) => {
    if (!Number.isFinite(cents)) return '–';
    // The typographic minus, as every other figure on the page has it.
    if (!options.compact) return formatMoney(Math.round(cents), currency).replace(/^-/, MINUS);
    const text = formatCompact(Math.abs(cents) / 100);
    return cents < 0 && text !== '0' ? `${MINUS}${symbol}${text}` : `${symbol}${text}`;
  };
}

/** The wall-clock fields of an instant in a timezone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

function clock(timeZone: string): Intl.DateTimeFormat {
  let format = clocks.get(timeZone);
  if (!format) {
    const numeric = 'numeric' as const;
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: numeric, month: numeric, day: numeric, hour: numeric, minute: numeric });
    clocks.set(timeZone, format);
  }
  return format;
}

/**
 * What a clock in `timeZone` shows at `instant` (epoch milliseconds). Only the numeric fields of
 * Intl are used: its punctuation and spacing change between ICU versions.
 */
export function localTime(instant: number, timeZone: string): LocalTime {
  const fields: Record<string, number> = {};
  for (const part of clock(timeZone).formatToParts(instant)) fields[part.type] = Number(part.value);
  return { year: fields.year ?? 0, month: fields.month ?? 0, day: fields.day ?? 0, hour: fields.hour ?? 0, minute: fields.minute ?? 0 };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `Nov 11`: the short date of a local time. */
export function shortDate(time: LocalTime): string {
  return `${MONTHS[time.month - 1] ?? '?'} ${time.day}`;
}

/** `14:05`: the clock time of a local time. */
export function clockTime(time: LocalTime): string {
  return `${pad(time.hour)}:${pad(time.minute)}`;
}

/**
 * An instant as `YYYY-MM-DD HH:mm` in the campaign's timezone, for marker labels and tables.
 *
 * @example formatInstant(Date.parse('2026-11-10T16:30:00Z'), 'Asia/Shanghai') // '2026-11-11 00:30'
 */
export function formatInstant(instant: number, timeZone: string): string {
  const time = localTime(instant, timeZone);
  return `${time.year}-${pad(time.month)}-${pad(time.day)} ${clockTime(time)}`;
}

/**
 * A count with its noun, for the sentences describing a chart to screen readers.
 *
 * @example counted(1, 'bar') // '1 bar'
 * @example counted(3, 'series', 'series') // '3 series'
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}
