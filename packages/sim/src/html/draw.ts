/**
 * SVG building blocks shared by the charts: number output, elements, measured and truncated
 * text, the chart frame, the legend and the "no data" chart.
 */
import { escapeHtml } from './escape.ts';
import { FONT, SERIES_COLOURS } from './theme.ts';

/** Every chart is drawn in a viewBox this wide and scales to its container. */
export const CHART_WIDTH = 720;

/**
 * A coordinate with one decimal, never `-0` or `NaN`: the same input gives the same bytes, and
 * a degenerate scale cannot break the SVG.
 */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

type Attributes = Record<string, string | number | undefined>;

/** An SVG element; numbers go through `num`, strings are escaped, `undefined` is left out. */
export function element(tag: string, attributes: Attributes, children = ''): string {
  const written = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeHtml(value)}"`)
    .join('');
  return `<${tag}${written}>${children}</${tag}>`;
}

/** A `<title>`: the tooltip, and the accessible name, of the element it is placed in. */
export function tooltip(content: string): string {
  return element('title', {}, escapeHtml(content));
}

/** The class giving an element the colour of series `index`. */
export function seriesClass(index: number): string {
  return `s${index % SERIES_COLOURS}`;
}

// Ideographs, kana, hangul and full-width forms take a whole em; Latin letters about half of one.
// The estimates lean wide (capitals, digits), so text measured to fit does fit in common fonts.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u;
const NARROW = /[ .,:;'!|ilIjft()[\]]/;
const CAPITAL = /[A-Z_%@&#MWmw—]/;

/** The width text takes at `size`, estimated from its characters (no font metrics offline). */
export function textWidth(text: string, size: number): number {
  let ems = 0;
  for (const char of text) ems += WIDE.test(char) ? 1 : NARROW.test(char) ? 0.34 : CAPITAL.test(char) ? 0.74 : 0.62;
  return ems * size;
}

/** The text cut with an ellipsis to fit `maxWidth`, or unchanged when it fits. */
export function truncate(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, size) <= maxWidth) return text;
  const room = maxWidth - textWidth('…', size);
  let kept = '';
  let width = 0;
  for (const char of text) {
    width += textWidth(char, size);
    if (width > room) break;
    kept += char;
  }
  return `${kept.trimEnd()}…`;
}

export interface TextOptions {
  className?: string;
  anchor?: 'start' | 'middle' | 'end';
  /** Cut the text to this width; the full text is then kept in a `<title>`. */
  maxWidth?: number;
  /** The font size the class draws at, for measuring; the label size by default. */
  size?: number;
  /** Centre the text vertically on `y` rather than sit it on `y`. */
  middle?: boolean;
  transform?: string;
}

/** A `<text>`, escaped, cut to fit when asked, with the whole text in a tooltip if cut. */
export function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  const shown = options.maxWidth === undefined ? content : truncate(content, options.maxWidth, options.size ?? FONT.label);
  const full = shown === content ? '' : tooltip(content);
  return element(
    'text',
    { x, y, class: options.className, 'text-anchor': options.anchor, dy: options.middle ? '0.35em' : undefined, transform: options.transform },
    `${full}${escapeHtml(shown)}`,
  );
}

/** Where the plot area of a chart starts, below the title. */
export const TITLE_HEIGHT = 34;

/**
 * The `<svg>` of a chart: accessible name and description first, then the visible title.
 * `body` must already be SVG built by these helpers.
 */
export function chartSvg(options: { title: string; summary: string; height: number; body: string }): string {
  const { title, summary, height, body } = options;
  const heading = text(0, 20, title, { className: 'chart-title', maxWidth: CHART_WIDTH, size: FONT.title });
  return element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'chart', viewBox: `0 0 ${CHART_WIDTH} ${num(height)}`, width: CHART_WIDTH, height, role: 'img' },
    `${tooltip(title)}${element('desc', {}, escapeHtml(summary))}${heading}${body}`,
  );
}

/** A chart that says there is nothing to draw, instead of empty axes or NaN. */
export function noDataChart(title: string): string {
  const height = 140;
  const box = element('rect', { x: 0.5, y: TITLE_HEIGHT + 0.5, width: CHART_WIDTH - 1, height: height - TITLE_HEIGHT - 1, rx: 6, class: 'no-data-box' });
  const message = text(CHART_WIDTH / 2, (TITLE_HEIGHT + height) / 2, 'No data', { className: 'no-data', anchor: 'middle', middle: true });
  return chartSvg({ title, summary: 'No data.', height, body: `${box}${message}` });
}

const SWATCH = 10;
const LEGEND_ROW = 18;
const LEGEND_GAP = 18;

/**
 * A legend of series names in rows that wrap at the chart's width, starting at `top`.
 * Lines get a line swatch, bars a square.
 */
export function legend(names: readonly string[], top: number, kind: 'line' | 'box'): { svg: string; height: number } {
  let x = 0;
  let row = 0;
  const items = names.map((name, i) => {
    const label = truncate(name, CHART_WIDTH / 2, FONT.label);
    const width = SWATCH + 6 + textWidth(label, FONT.label);
    if (x > 0 && x + width > CHART_WIDTH) {
      x = 0;
      row += 1;
    }
    const y = top + row * LEGEND_ROW;
    const swatch =
      kind === 'line'
        ? element('rect', { x, y: y - 1.5, width: SWATCH + 4, height: 3, rx: 1.5, class: `swatch ${seriesClass(i)}` })
        : element('rect', { x, y: y - SWATCH / 2, width: SWATCH, height: SWATCH, rx: 2, class: `swatch ${seriesClass(i)}` });
    const item = `${swatch}${text(x + SWATCH + 8, y, name, { maxWidth: CHART_WIDTH / 2, middle: true })}`;
    x += width + LEGEND_GAP;
    return item;
  });
  return { svg: element('g', { class: 'legend' }, items.join('')), height: names.length === 0 ? 0 : (row + 1) * LEGEND_ROW };
}
