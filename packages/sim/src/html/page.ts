/**
 * The simulator's report as one self-contained HTML page: inline CSS, inline SVG charts, no
 * script, font, image or style fetched from anywhere (the Content-Security-Policy forbids it), so
 * it opens offline and the same report always gives the same bytes.
 */
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import { chartCss } from './theme.ts';

export type Align = 'left' | 'right' | 'center';

/** A chart made by one of the chart functions; its SVG is inserted as is, not escaped. */
export interface ChartBlock {
  kind: 'chart';
  svg: string;
}

/**
 * A table. Number cells are written with thousands separators; a column of numbers, or of
 * formatted amounts like `¥1,234.00` and `12.5%`, is right-aligned unless `align` says otherwise.
 */
export interface TableBlock {
  kind: 'table';
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  align?: readonly Align[];
  /** Columns of sentences, which wrap (other cells keep to one line, and a wide table scrolls). */
  prose?: readonly number[];
}

/** Key figures shown as large numbers: "Payouts ¥1,234,567.00, 98.2% of budget". */
export interface FiguresBlock {
  kind: 'figures';
  items: readonly { label: string; value: string | number; note?: string }[];
}

export interface TextBlock {
  kind: 'text';
  text: string;
}

export type Block = ChartBlock | TableBlock | FiguresBlock | TextBlock;

export interface PageSection {
  /** The section's anchor; made a slug (`budget-burn`) if it is not one already. */
  id: string;
  title: string;
  intro?: string;
  blocks: readonly Block[];
}

export interface PageOptions {
  title: string;
  subtitle?: string;
  /** Facts about the run shown under the title: `['Seed', '42']`, `['Players', '100,000']`. */
  meta: readonly (readonly [label: string, value: string])[];
  sections: readonly PageSection[];
}

const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1f2328;--muted:#59636e;--border:#d8dee4;--stripe:#f6f8fa;--accent:#0072B2}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;--stripe:#1c2128;--accent:#56B4E9}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;-webkit-text-size-adjust:100%}
.page{max-width:960px;margin:0 auto;padding:40px 24px 64px}
h1{font-size:28px;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}
h2{font-size:20px;margin:0 0 4px;padding-bottom:6px;border-bottom:1px solid var(--border)}
a{color:var(--accent)}
.subtitle{margin:0;color:var(--muted);font-size:16px}
.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px 24px;margin:20px 0 0;padding:14px 18px;background:var(--card);border:1px solid var(--border);border-radius:10px}
.meta dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.toc{margin:28px 0 8px}
.toc h2{font-size:14px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);border:0;padding:0}
.toc ol{margin:6px 0 0;padding-left:22px;columns:2 260px;column-gap:32px}
.toc li{padding:2px 0;break-inside:avoid}
section{margin-top:44px}
.intro,.text{max-width:72ch}
.intro{color:var(--muted);margin:8px 0 0}
.text{margin:14px 0}
figure{margin:16px 0;padding:16px 18px 12px;background:var(--card);border:1px solid var(--border);border-radius:10px;overflow-x:auto}
figure svg.chart{min-width:480px}
.table-wrap{margin:16px 0;overflow-x:auto;background:var(--card);border:1px solid var(--border);border-radius:10px}
table{width:100%;border-collapse:collapse;font-size:14px;font-variant-numeric:tabular-nums}
th,td{padding:8px 14px;text-align:left;border-bottom:1px solid var(--border)}
td{white-space:nowrap}
td.prose{white-space:normal;min-width:18em}
th{vertical-align:bottom;min-width:6em;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
tbody tr:nth-child(even){background:var(--stripe)}
tbody tr:last-child td{border-bottom:0}
.right{text-align:right}.center{text-align:center}
.figures{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.figure{flex:1 1 180px;margin:0;padding:14px 16px;background:var(--card);border:1px solid var(--border);border-radius:10px}
.figure dt{color:var(--muted);font-size:13px}
.figure dd{margin:2px 0 0;font-size:24px;font-weight:650;line-height:1.25;font-variant-numeric:tabular-nums}
.figure dd.note{font-size:13px;font-weight:400;color:var(--muted);margin-top:4px}
@media (max-width:600px){.page{padding:24px 14px 48px}h1{font-size:23px}figure{padding:10px 8px}.toc ol{columns:1}th,td{padding:7px 10px}}
@media print{body{background:#fff;font-size:12px}.page{max-width:none;padding:0}figure,.table-wrap,.figure,.meta{border-color:#ccc;break-inside:avoid}figure{overflow:visible}figure svg.chart{min-width:0}section{break-before:auto}h2{break-after:avoid}.toc a{color:inherit;text-decoration:none}}
@page{margin:16mm}
`.trim();

/** A slug for an anchor, unique on the page: `Budget burn` → `budget-burn`, a repeat → `budget-burn-2`. */
function anchors(ids: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const slug =
      id
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'section';
    const count = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, count);
    return count === 1 ? slug : `${slug}-${count}`;
  });
}

const cell = (value: string | number): string => escapeHtml(typeof value === 'number' ? formatNumber(value) : value);
const alignClass = (align: Align | undefined): string => (align === undefined || align === 'left' ? '' : ` class="${align}"`);
// A formatted figure: an optional sign and currency, digits, an optional unit (`−¥1.5k`, `98.2%`).
const FIGURE = /^[-−+]?(?:[A-Z]{3} |[A-Z]{0,2}[^\s\w]{1,2})?\d[\d,.]*(?:%|[kMB])?$/;
// What a numeric column writes for a missing figure.
const PLACEHOLDER = /^[—–-]?$/;

function numeric(values: readonly (string | number | undefined)[]): boolean {
  const present = values.filter((value) => typeof value === 'number' || !PLACEHOLDER.test(value ?? ''));
  return present.length > 0 && present.every((value) => typeof value === 'number' || FIGURE.test(value ?? ''));
}

function table(block: TableBlock): string {
  // Figures read best right-aligned, digits under digits.
  const align = block.columns.map((_, c) => block.align?.[c] ?? (numeric(block.rows.map((row) => row[c])) ? 'right' : 'left'));
  const head = block.columns.map((column, c) => `<th scope="col"${alignClass(align[c])}>${escapeHtml(column)}</th>`).join('');
  const cellClass = align.map((a, c) => (block.prose?.includes(c) ? ' class="prose"' : alignClass(a)));
  const body = block.rows.map((row) => `<tr>${block.columns.map((_, c) => `<td${cellClass[c]}>${cell(row[c] ?? '')}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function figures(block: FiguresBlock): string {
  const items = block.items.map((item) => {
    const note = item.note === undefined ? '' : `<dd class="note">${escapeHtml(item.note)}</dd>`;
    return `<div class="figure"><dt>${escapeHtml(item.label)}</dt><dd>${cell(item.value)}</dd>${note}</div>`;
  });
  return `<dl class="figures">\n${items.join('\n')}\n</dl>`;
}

function block(content: Block): string {
  switch (content.kind) {
    case 'chart':
      return `<figure>${content.svg}</figure>`;
    case 'table':
      return table(content);
    case 'figures':
      return figures(content);
    case 'text':
      return `<p class="text">${escapeHtml(content.text)}</p>`;
  }
}

/**
 * The whole report page: title, facts about the run, a table of contents, then each section with
 * its blocks. All text is escaped; only the chart SVGs are inserted as they are.
 *
 * @example
 * renderPage({
 *   title: 'Double 11 — simulation', subtitle: 'double11-cat-candy.json',
 *   meta: [['Seed', '42'], ['Players', '100,000']],
 *   sections: [{ id: 'budgets', title: 'Budgets', blocks: [{ kind: 'chart', svg: lineChart({ ... }) }, { kind: 'text', text: 'Budget A ran out at 02:14.' }] }],
 * })
 */
export function renderPage(options: PageOptions): string {
  const { title, subtitle, meta, sections } = options;
  const ids = anchors(sections.map((section) => section.id));
  const metaList = meta.length === 0 ? '' : `<dl class="meta">${meta.map(([label, value]) => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('')}</dl>`;
  const toc =
    sections.length === 0
      ? ''
      : `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${sections.map((section, i) => `<li><a href="#${ids[i]}">${escapeHtml(section.title)}</a></li>`).join('')}</ol></nav>`;
  const body = sections.map((section, i) => {
    const intro = section.intro === undefined ? '' : `\n<p class="intro">${escapeHtml(section.intro)}</p>`;
    return `<section id="${ids[i]}">\n<h2>${escapeHtml(section.title)}</h2>${intro}\n${section.blocks.map(block).join('\n')}\n</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
${chartCss}
${PAGE_CSS}
</style>
</head>
<body>
<div class="page">
<header>
<h1>${escapeHtml(title)}</h1>${subtitle === undefined ? '' : `\n<p class="subtitle">${escapeHtml(subtitle)}</p>`}
${metaList}
</header>
${toc}
<main>
${body.join('\n')}
</main>
</div>
</body>
</html>
`;
}
