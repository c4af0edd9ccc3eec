import { describe, expect, it } from 'vitest';
import { renderPage, type PageOptions } from './page.ts';
import { barChart, histogram } from './svg.ts';

const HOSTILE = `<script>alert("x")</script>`;

const report: PageOptions = {
  title: 'Double 11 — simulation',
  subtitle: 'double11-cat-candy.json',
  meta: [
    ['Seed', '42'],
    ['Players', '100,000'],
  ],
  sections: [
    {
      id: 'summary',
      title: 'Summary',
      intro: 'What the campaign paid.',
      blocks: [
        { kind: 'figures', items: [{ label: 'Payouts', value: '¥1,234.00', note: '98% of budget' }, { label: 'Players', value: 100000 }] },
        { kind: 'text', text: 'Budget A ran out at 02:14.' },
      ],
    },
    {
      id: 'payouts',
      title: 'Payouts',
      blocks: [
        { kind: 'chart', svg: barChart({ title: 'Payouts by mechanic', bars: [{ label: 'Boxes', value: 12 }] }) },
        { kind: 'table', columns: ['Mechanic', 'Paid', 'Share', 'Exhausted at'], rows: [['Boxes', 1234567, '98.5%', '2026-11-11 02:14'], ['Lottery', '¥1,200.50', '—', '']] },
      ],
    },
  ],
};

describe('renderPage', () => {
  const html = renderPage(report);

  it('is one self-contained document: no script, no external stylesheet, font or image', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/);
    expect(html.match(/https?:\/\/[^"\s]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('gives the same bytes for the same report', () => {
    expect(renderPage(report)).toBe(html);
  });

  it('lists the sections in a table of contents linking to their anchors', () => {
    expect(html).toContain('<ol><li><a href="#summary">Summary</a></li><li><a href="#payouts">Payouts</a></li></ol>');
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('<section id="payouts">');
  });

  it('makes anchors of any id, unique on the page', () => {
    const page = renderPage({ title: 'T', meta: [], sections: ['Budget burn', 'Budget burn', '"><x'].map((id) => ({ id, title: id, blocks: [] })) });
    expect([...page.matchAll(/<section id="([^"]*)">/g)].map((match) => match[1])).toEqual(['budget-burn', 'budget-burn-2', 'x']);
  });

  it('writes the meta facts and key figures, numbers with thousands separators', () => {
    expect(html).toContain('<dl class="meta"><div><dt>Seed</dt><dd>42</dd></div><div><dt>Players</dt><dd>100,000</dd></div></dl>');
    expect(html).toContain('<div class="figure"><dt>Payouts</dt><dd>¥1,234.00</dd><dd class="note">98% of budget</dd></div>');
    expect(html).toContain('<div class="figure"><dt>Players</dt><dd>100,000</dd></div>');
  });

  it('right-aligns columns of figures, and only those', () => {
    expect(html).toContain('<thead><tr><th scope="col">Mechanic</th><th scope="col" class="right">Paid</th><th scope="col" class="right">Share</th><th scope="col">Exhausted at</th></tr></thead>');
    expect(html).toContain('<tr><td>Boxes</td><td class="right">1,234,567</td><td class="right">98.5%</td><td>2026-11-11 02:14</td></tr>');
  });

  it('follows the alignment it is given', () => {
    const page = renderPage({ title: 'T', meta: [], sections: [{ id: 's', title: 'S', blocks: [{ kind: 'table', columns: ['A'], rows: [[1]], align: ['center'] }] }] });
    expect(page).toContain('<td class="center">1</td>');
  });

  it('lets columns of sentences wrap, and keeps every other cell to one line', () => {
    const page = renderPage({ title: 'T', meta: [], sections: [{ id: 's', title: 'S', blocks: [{ kind: 'table', columns: ['Check', 'Detail'], rows: [['ledger', 'balances add up to 0']], prose: [1] }] }] });
    expect(page).toContain('<tr><td>ledger</td><td class="prose">balances add up to 0</td></tr>');
    expect(page).toContain('td{white-space:nowrap}\ntd.prose{white-space:normal;');
  });

  it('inserts charts as they are, inside a figure', () => {
    expect(html).toMatch(/<figure><svg [^>]*class="chart"[^>]*>.*<\/svg><\/figure>/);
  });

  it('escapes every text it is given', () => {
    const page = renderPage({
      title: HOSTILE,
      subtitle: HOSTILE,
      meta: [[HOSTILE, HOSTILE]],
      sections: [
        {
          id: 'x',
          title: HOSTILE,
          intro: HOSTILE,
          blocks: [
            { kind: 'text', text: HOSTILE },
            { kind: 'figures', items: [{ label: HOSTILE, value: HOSTILE, note: HOSTILE }] },
            { kind: 'table', columns: [HOSTILE], rows: [[HOSTILE]] },
            { kind: 'chart', svg: histogram({ title: HOSTILE, bins: [{ from: 0, to: 1, count: 1 }] }) },
          ],
        },
      ],
    });
    expect(page).not.toContain('<script');
    // 14 places on the page, and the chart's accessible name and visible title.
    expect(page.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')).toHaveLength(16 + 1);
  });

  it('styles light and dark, phone and print, within the page', () => {
    expect(html).toContain('@media screen and (prefers-color-scheme:dark)');
    expect(html).toContain('@media (max-width:600px)');
    expect(html).toContain('@media print');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
});
