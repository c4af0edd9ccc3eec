/**
 * Axis ticks at round numbers: the "nice numbers" of Heckbert (Graphics Gems, 1990), steps of
 * 1, 2 or 5 times a power of ten.
 */

/** A position on an axis and the text written there. */
export interface Tick {
  value: number;
  label: string;
}

function niceNumber(value: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(value));
  const power = 10 ** exponent;
  const fraction = value / power;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Round tick values covering `min..max`, about `count` of them; with `integer`, never a step
 * below 1 (counts of players have no fractions). An empty range still gets an axis, from `min`.
 *
 * @example niceTicks(0, 97) // [0, 20, 40, 60, 80, 100]
 * @example niceTicks(0, 0, { integer: true }) // [0, 1]
 */
export function niceTicks(min: number, max: number, options: { count?: number; integer?: boolean } = {}): number[] {
  const { count = 5, integer = false } = options;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max < min) [min, max] = [max, min];
  // A range too narrow to divide (one value, or float noise) widens to a readable one.
  if (max - min <= 1e-9 * Math.max(1, Math.abs(min), Math.abs(max))) max = min + Math.max(1, Math.abs(min));
  const range = niceNumber(max - min, false);
  let step = niceNumber(range / Math.max(1, count - 1), true);
  if (integer) step = Math.max(1, step);
  // Whole multiples of the step, rounded to the step's decimals so 0.1 + 0.2 reads 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)) || 0);
  return ticks;
}
