/**
 * Linear scales, gridlines and tick labels: the axes the line chart, histogram, bar charts share.
 */
import { CHART_WIDTH, element, text, textWidth } from './draw.ts';
import type { ValueFormat } from './format.ts';
import { FONT } from './theme.ts';
import { niceTicks, type Tick } from './ticks.ts';

/** Maps a value in `domain` to a position in `range`; an empty domain maps to the range's middle. */
export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** The smallest and largest of the values, looped rather than spread: a burn series can be long. */
export function extent(values: readonly number[]): [number, number] {
  let [min, max] = [Infinity, -Infinity];
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

/**
 * Round ticks over the values, always including zero (amounts and counts are read from zero),
 * whole when every value is whole.
 */
export function valueTicks(values: readonly number[], format: ValueFormat): Tick[] {
  const finite = values.filter(Number.isFinite);
  const [min, max] = extent(finite);
  return niceTicks(Math.min(0, min), Math.max(0, max), { integer: finite.every(Number.isInteger) }).map((value) => ({ value, label: format(value) }));
}

/** The first and last tick values: the domain the ticks cover. */
export function tickDomain(ticks: readonly Tick[]): [number, number] {
  return [ticks[0]?.value ?? 0, ticks.at(-1)?.value ?? 1];
}

/** The widest tick label, for sizing the margin that holds them. */
export function widestLabel(ticks: readonly Tick[]): number {
  return Math.max(0, ...ticks.map((tick) => textWidth(tick.label, FONT.tick)));
}

/** Horizontal gridlines from `left` to `right` with labels left of `left`; the zero line is darker. */
export function horizontalGrid(ticks: readonly Tick[], y: Scale, left: number, right: number): string {
  return ticks
    .map((tick) => {
      const at = y(tick.value);
      const line = element('line', { x1: left, x2: right, y1: at, y2: at, class: tick.value === 0 ? 'axis' : 'grid' });
      return `${line}${text(left - 8, at, tick.label, { className: 'tick', anchor: 'end', middle: true })}`;
    })
    .join('');
}

/**
 * Vertical gridlines from `top` to `bottom` (or, with `marks`, short tick marks under `bottom`)
 * with labels below; labels that would collide are thinned to every second, third... one, and
 * labels at the chart's edges are kept inside it.
 */
export function verticalGrid(ticks: readonly Tick[], x: Scale, top: number, bottom: number, style: 'grid' | 'marks' = 'grid'): string {
  const widest = widestLabel(ticks);
  const spacing = ticks.length > 1 ? Math.abs(x(ticks[1]!.value) - x(ticks[0]!.value)) : Infinity;
  const stride = Math.max(1, Math.ceil((widest + 10) / spacing));
  // Where the last label drawn ends: labels pulled inside at the edges may still meet their neighbour.
  let drawnTo = -Infinity;
  return ticks
    .map((tick, i) => {
      const at = x(tick.value);
      const line =
        style === 'marks'
          ? element('line', { x1: at, x2: at, y1: bottom, y2: bottom + 4, class: 'axis' })
          : element('line', { x1: at, x2: at, y1: top, y2: bottom, class: tick.value === 0 ? 'axis' : 'grid' });
      const width = textWidth(tick.label, FONT.tick);
      const anchor = at - width / 2 < 0 ? 'start' : at + width / 2 > CHART_WIDTH ? 'end' : 'middle';
      const labelX = anchor === 'start' ? Math.max(0, at - 4) : anchor === 'end' ? Math.min(CHART_WIDTH, at + 4) : at;
      const from = anchor === 'start' ? labelX : anchor === 'end' ? labelX - width : labelX - width / 2;
      if (i % stride !== 0 || from < drawnTo + 6) return line;
      drawnTo = from + width;
      return `${line}${text(labelX, bottom + 18, tick.label, { className: 'tick', anchor })}`;
    })
    .join('');
}

/** An axis title centred under the plot. */
export function xAxisTitle(label: string, left: number, right: number, y: number): string {
  if (label === '') return '';
  return text((left + right) / 2, y, label, { className: 'axis-title', anchor: 'middle', maxWidth: right - left });
}

/** An axis title turned upright along the left edge. */
export function yAxisTitle(label: string, top: number, bottom: number): string {
  if (label === '') return '';
  const middle = (top + bottom) / 2;
  return text(0, 0, label, { className: 'axis-title', anchor: 'middle', maxWidth: bottom - top, transform: `translate(12 ${Math.round(middle)}) rotate(-90)` });
}
