import { z } from 'zod';

/** The longest span a definition's durations may give: a year, past any campaign's life. */
export const MAX_DURATION_DAYS = 366;
const PER_DAY = { seconds: 86_400, minutes: 1_440, hours: 24 } as const;

/**
 * A definition's duration: a positive whole number of `unit`, at most a year. Longer is a mistake,
 * and far longer (10^9 hours) is past the last moment a date can hold, where every command that
 * dates its effect by it would fail.
 *
 * @example duration('hours').describe('Hours after sending in which its shares can be grabbed.')
 */
export function duration(unit: keyof typeof PER_DAY) {
  const max = MAX_DURATION_DAYS * PER_DAY[unit];
  const error = `a positive whole number of ${unit}, at most ${max} (a year)`;
  return z.int({ error }).min(1, { error }).max(max, { error });
}
