import { readFileSync } from 'node:fs';
import type { ReportDiff } from '@carnival/sim';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { backtest } from './backtest.ts';
import { report } from './report.ts';

const before = {
  meta: { seed: 7, campaign: { sha256: 'aaa' } },
  totals: { discount: 1000, rate: 0.1, label: 'before' },
  sources: [
    { id: 'x', amount: 600 },
    { id: 'y', amount: 400 },
  ],
};
const after = {
  meta: { seed: 8, campaign: { sha256: 'aaa' } },
  totals: { discount: 1100, rate: 0.11, label: 'after' },
  sources: [
    { id: 'y', amount: 404 },
    { id: 'x', amount: 600 },
    { id: 'z', amount: 0 },
  ],
};
const { meta: _, ...noMeta } = after;
const files = { 'a.json': JSON.stringify(before), 'b.json': JSON.stringify(after), 'plain.json': JSON.stringify(noMeta), 'broken.json': '{"totals": ' };

async function runReport(args: string[]) {
  const { io, out } = memoryIo(files);
  const code = await report.run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('carnival report diff', () => {
  it('shows what produced each, then the changes by section, and exits 1', async () => {
    const result = await runReport(['diff', 'a.json', 'b.json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'What produced each',
        '                   A (a.json)  B (b.json)',
        '  campaign.sha256  aaa         aaa',
        '  seed             7           8',
        '',
        'sources',
        '  ~ sources[id=y].amount  400 → 404              (+4, +1%)',
        '  + sources[id=z]         {"id":"z","amount":0}',
        '',
        'totals',
        '  ~ totals.discount       1000 → 1100            (+100, +10%)',
        '  ~ totals.label          "before" → "after"',
        '  ~ totals.rate           0.1 → 0.11             (+0.01, +10%)',
        '',
        '5 changes in 2 sections.',
        '',
      ].join('\n'),
    );
  });

  it('says which document has no meta rather than showing it as a row', async () => {
    const result = await runReport(['diff', 'a.json', 'plain.json']);
    expect(result.stdout.split('\n').slice(0, 6)).toEqual([
      'What produced each',
      '                   A (a.json)  B (plain.json)',
      '  campaign.sha256  aaa         —',
      '  seed             7           —',
      '  B has no meta: it is not a report of carnival simulate or backtest.',
      '',
    ]);
  });

  it('says when the reports are of different commands or campaigns, or one was stopped early', async () => {
    const simulation = { generatedBy: 'carnival simulate', campaign: { id: 'd11' }, partial: false, reached: '2026-11-12T00:00:00.000Z' };
    const { io, out } = memoryIo({
      'sim.json': JSON.stringify({ meta: simulation, totals: { commands: 10 } }),
      'stopped.json': JSON.stringify({ meta: { ...simulation, campaign: { id: '618' }, partial: true, reached: '2026-11-03T08:00:00.000Z' }, totals: { commands: 4 } }),
      'backtest.json': JSON.stringify({ meta: { generatedBy: 'carnival backtest', campaign: { id: 'd11' } }, totals: { discount: 5 } }),
    });
    expect(await report.run(['diff', 'sim.json', 'stopped.json'], io)).toBe(1);
    expect(out.stdout).toContain('\n  A and B are reports of different campaigns (d11 and 618).\n  B is partial: its simulation was stopped at 2026-11-03T08:00:00.000Z, before the campaign\'s end.\n\n');
    out.stdout = '';
    expect(await report.run(['diff', 'sim.json', 'backtest.json'], io)).toBe(1);
    expect(out.stdout).toContain('\n  A is a report of carnival simulate, B of carnival backtest: few of their figures compare.\n\n');
    // Two runs of one campaign, different seeds: nothing to warn of.
    expect((await runReport(['diff', 'a.json', 'b.json'])).stdout).not.toMatch(/partial|different campaigns|few of their figures/);
  });

  it('--threshold hides small numeric changes and says how many', async () => {
    const result = await runReport(['diff', 'a.json', 'b.json', '--threshold', '5']);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('sources[id=y].amount');
    expect(result.stdout).toContain('4 changes in 2 sections; 1 numeric change under 5% hidden.\n');
  });

  it('exits 0 for reports that differ only in meta, or below the threshold', async () => {
    const same = await runReport(['diff', 'a.json', 'a.json']);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/\nThe reports are the same\.\n$/);
    const { io, out } = memoryIo({ 'a.json': JSON.stringify(before), 'c.json': JSON.stringify({ ...before, meta: { seed: 9 }, totals: { ...before.totals, discount: 1001 } }) });
    expect(await report.run(['diff', 'a.json', 'c.json', '--threshold', '1'], io)).toBe(0);
    expect(out.stdout).toMatch(/\nThe reports are the same; 1 numeric change under 1% hidden\.\n$/);
  });

  it('--json prints the diff as data', async () => {
    const result = await runReport(['diff', 'a.json', 'b.json', '--json']);
    const diff = JSON.parse(result.stdout) as ReportDiff;
    expect(result.code).toBe(1);
    expect(Object.keys(diff)).toEqual(['equal', 'meta', 'sections', 'hidden']);
    expect(diff.meta).toEqual({ a: before.meta, b: after.meta });
    expect(diff.sections.map((s) => s.section)).toEqual(['sources', 'totals']);
    expect(diff.sections[1]!.changes[0]).toEqual({ path: 'totals.discount', kind: 'number', a: 1000, b: 1100, delta: 100, relative: 10 });
  });

  it('exits 2 on a file it cannot read or that is not JSON', async () => {
    expect(await runReport(['diff', 'a.json', 'missing.json'])).toEqual({ code: 2, stdout: '', stderr: 'missing.json: cannot read: no such file or directory\n' });
    const broken = await runReport(['diff', 'broken.json', 'a.json']);
    expect(broken).toMatchObject({ code: 2, stdout: '' });
    expect(broken.stderr).toMatch(/^broken\.json: invalid JSON at line 1, column 12: /);
  });

  it.each([
    [[], 'missing the subcommand (diff)'],
    [['merge', 'a.json', 'b.json'], "unknown subcommand 'merge' (there is: diff)"],
    [['diff', 'a.json'], 'missing B'],
    [['diff', 'a.json', 'b.json', '--threshold', 'five'], '--threshold: expected a percentage, 0 or more (5 hides changes under 5%), got "five"'],
  ])('refuses %j with exit 2', async (args, message) => {
    expect(await runReport(args)).toEqual({ code: 2, stdout: '', stderr: `carnival report: ${message}\nRun 'carnival report --help' for usage.\n` });
  });

  it('compares two backtests: sources matched by id, meta apart', async () => {
    const campaign = readFileSync(new URL('../../../../examples/double11-cat-candy.json', import.meta.url), 'utf8');
    const cart = (at: string, price: number) => JSON.stringify({ at, cart: { lines: [{ sku: 'sansong-new-year-hamper', store: 'sansong-snacks', tags: ['d11'], unitPrice: price, quantity: 1 }] } });
    const { io, out } = memoryIo({
      'campaign.json': campaign,
      'before.jsonl': `${cart('2026-11-11T20:00:00+08:00', 30000)}\n`,
      'after.jsonl': `${cart('2026-11-11T20:00:00+08:00', 60000)}\n`,
    });
    expect(await backtest.run(['campaign.json', 'before.jsonl', '--out', 'before.json'], io)).toBe(0);
    expect(await backtest.run(['campaign.json', 'after.jsonl', '--out', 'after.json'], io)).toBe(0);
    out.stdout = '';
    expect(await report.run(['diff', 'before.json', 'after.json', '--json'], io)).toBe(1);
    const diff = JSON.parse(out.stdout) as ReportDiff;
    expect(diff.meta).toMatchObject({ a: { carts: 'before.jsonl' }, b: { carts: 'after.jsonl' } });
    const changes = new Map(diff.sections.flatMap((s) => s.changes.map((c) => [c.path, c])));
    // One ¥300 cart took ¥50 off; one ¥600 cart takes ¥100.
    expect(changes.get('sources[id=d11-cross-store].amount')).toMatchObject({ a: 5000, b: 10000, delta: 5000, relative: 100 });
    expect(changes.get('thresholds[id=d11-cross-store].steps[1].carts')).toMatchObject({ a: 0, b: 1, relative: null });
  });
});
