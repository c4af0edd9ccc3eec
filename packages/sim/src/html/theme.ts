/**
 * The look of the charts: colours live in CSS variables, so one SVG serves the light and the dark
 * page, and print always gets the light one. The series palette is Okabe–Ito, told apart by
 * readers with any common colour-vision deficiency.
 */

/** Font sizes, in SVG user units: the layout measures text with the sizes the CSS draws it at. */
export const FONT = { title: 15, label: 12, tick: 11 } as const;

/** How many series colours there are; series beyond wrap around. */
export const SERIES_COLOURS = 8;

// Okabe–Ito, ordered so the first colours are the most distinct; yellow, weak on white, comes last.
const LIGHT_SERIES = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#555555', '#F0E442'];
// On a dark ground the deep blue swaps with the sky blue and the grey lightens.
const DARK_SERIES = ['#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#0072B2', '#BBBBBB', '#F0E442'];

const seriesVariables = (colours: readonly string[]): string => colours.map((colour, i) => `--series-${i}:${colour};`).join('');

/** The CSS every chart needs; `renderPage` inlines it. */
export const chartCss = `
:root{${seriesVariables(LIGHT_SERIES)}--chart-fg:#1f2328;--chart-muted:#59636e;--chart-grid:#e3e6ea;--chart-axis:#8c959f;--chart-track:#eef1f4}
@media screen and (prefers-color-scheme:dark){:root{${seriesVariables(DARK_SERIES)}--chart-fg:#e6edf3;--chart-muted:#9198a1;--chart-grid:#2d333b;--chart-axis:#6e7681;--chart-track:#262c33}}
svg.chart{display:block;width:100%;height:auto;font-family:inherit}
.chart text{fill:var(--chart-fg);font-size:${FONT.label}px;font-variant-numeric:tabular-nums}
.chart .chart-title{font-size:${FONT.title}px;font-weight:600}
.chart .tick,.chart .muted{fill:var(--chart-muted);font-size:${FONT.tick}px}
.chart .axis-title{fill:var(--chart-muted)}
.chart .grid{stroke:var(--chart-grid);stroke-width:1}
.chart .axis{stroke:var(--chart-axis);stroke-width:1}
.chart .line{fill:none;stroke:var(--c);stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.chart .dot{fill:var(--c)}
.chart .bar,.chart .swatch{fill:var(--c)}
.chart .bar:hover,.chart .dot:hover{opacity:.8}
.chart .track{fill:var(--chart-track)}
.chart .whisker{stroke:var(--chart-fg);stroke-width:1.5}
.chart .marker{stroke:var(--chart-fg);stroke-width:1;stroke-dasharray:4 3;opacity:.75}
.chart .marker-label{font-size:${FONT.tick}px;font-weight:600}
.chart .value{font-size:${FONT.tick}px}
.chart .no-data-box{fill:none;stroke:var(--chart-axis);stroke-dasharray:6 4}
.chart .no-data{fill:var(--chart-muted);font-size:13px}
${Array.from({ length: SERIES_COLOURS }, (_, i) => `.chart .s${i}{--c:var(--series-${i})}`).join('\n')}
`.trim();
