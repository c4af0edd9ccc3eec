import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalDefinition, ENGINE_VERSION, validateCampaign, type CampaignDefinition } from '@carnival/core';
import { SIMULATOR_VERSION, type BacktestResult } from '@carnival/sim';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { historyLines } from '../../../../examples/carts/make-history.ts';
import { memoryIo, processIo, type Io } from '../io.ts';
import { backtest } from './backtest.ts';

const CAMPAIGN = 'examples/double11-cat-candy.json';
const HISTORY = 'examples/carts/history.jsonl';
const root = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const campaignText = read(CAMPAIGN);
const oneLine = (name: string) => JSON.stringify(JSON.parse(read(`examples/carts/${name}.json`)));

type Report = BacktestResult & { meta: { generatedBy: string; campaign: { id: string; file: string; sha256: string }; carts: string } };

async function runBacktest(args: string[], files: Record<string, string> = {}, io?: Io) {
  const memory = memoryIo({ [CAMPAIGN]: campaignText, [HISTORY]: read(HISTORY), ...files });
  const code = await backtest.run(args, io ?? memory.io);
  return { code, stdout: memory.out.stdout, stderr: memory.out.stderr, files: memory.out.files };
}

// Two example carts around a line that is not a cart: ¥744 + ¥320 payable, ¥320 + ¥480 off.
const mixed = [oneLine('cross-store-just-short'), '{"cart": {"lines": []}}', oneLine('lucky-store-coupon'), ''].join('\n');

describe('carnival backtest', () => {
  it('settles every cart of the example history and exits 0', async () => {
    const result = await runBacktest([CAMPAIGN, HISTORY, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.carts).toEqual({ read: 400, settled: 400, refused: 0 });
    expect(report.sources.reduce((sum, s) => sum + s.amount, 0)).toBe(report.totals.discount);
  });

  it('the example history is what its script makes', () => {
    expect(`${historyLines().join('\n')}\n`).toBe(read(HISTORY));
  });

  it('counts a bad line, settles the others and exits 1, naming the line', async () => {
    const result = await runBacktest([CAMPAIGN, 'carts.jsonl', '--json'], { 'carts.jsonl': mixed });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.carts).toEqual({ read: 3, settled: 2, refused: 1 });
    expect(report.totals).toMatchObject({ list: 186400, discount: 80000, payable: 106400, platform: 34200, merchant: 45800 });
    expect(report.refused).toEqual([
      { reason: 'cart.lines: expected at least one line', count: 1, lines: [2], example: 'line 2: cart.lines: expected at least one line, got []' },
    ]);
    expect(result.stderr).toBe('carts.jsonl: 1 of 3 carts refused; the first for each reason:\n  line 2: cart.lines: expected at least one line, got []\n');
  });

  it('says a file of no carts, with its report, and exits 1', async () => {
    const result = await runBacktest([CAMPAIGN, 'none.jsonl', '--json'], { 'none.jsonl': '\n  \n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('none.jsonl: no carts: the file is empty or has only blank lines\n');
    expect((JSON.parse(result.stdout) as Report).carts).toEqual({ read: 0, settled: 0, refused: 0 });
  });

  it('says where a line is not JSON', async () => {
    const result = await runBacktest([CAMPAIGN, 'carts.jsonl', '--json'], { 'carts.jsonl': `${oneLine('lucky-store-coupon')}\n{"cart": ` });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as Report).refused).toEqual([
      { reason: 'not JSON', count: 1, lines: [2], example: 'line 2: invalid JSON at column 10: expected a value, got the end of the file' },
    ]);
  });

  it('prints tables: totals, costs by source, thresholds, near misses, refused lines', async () => {
    const result = await runBacktest([CAMPAIGN, 'carts.jsonl'], { 'carts.jsonl': mixed });
    expect(result.stdout).toContain('carts.jsonl: 3 carts read, 2 settled, 1 refused');
    expect(result.stdout).toMatch(/^ {2}discounts +¥800\.00 +¥400\.00$/m);
    expect(result.stdout).toMatch(/^ {2}average discount rate +42\.92%$/m); // ¥800 of ¥1,864
    expect(result.stdout).toMatch(/^ {2}d11-cross-store +threshold +2 +¥200\.00 +¥120\.00 +¥80\.00 +¥100\.00$/m);
    expect(result.stdout).toMatch(/^ {4}≥ ¥600\.00 \(¥100\.00 off\) +2 +100\.00%$/m);
    expect(result.stdout).toContain("Carts within ¥30.00 of a threshold's next step: 1 (50.00%)");
    expect(result.stdout).toMatch(/^ {2}¥12\.01 to ¥15\.00 +1 +#{30}$/m);
    expect(result.stdout).toContain('Refused lines\n  1 × cart.lines: expected at least one line\n      lines 2\n');
  });

  it('--out writes the JSON report, with what produced it, for report diff', async () => {
    const result = await runBacktest([CAMPAIGN, HISTORY, '--out', 'report.json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.files.get('report.json')!) as Report;
    expect(report.meta).toEqual({
      generatedBy: 'carnival backtest',
      // The definition's hash as a simulation of it names it.
      campaign: { id: 'double11-2026', file: CAMPAIGN, sha256: createHash('sha256').update(canonicalDefinition((validateCampaign(JSON.parse(campaignText)) as { value: CampaignDefinition }).value)).digest('hex') },
      carts: HISTORY,
      simulator: SIMULATOR_VERSION,
      engine: ENGINE_VERSION,
    });
    expect(report.carts.settled).toBe(400);
    expect(result.stdout).toMatch(/^Backtest: /);
  });

  it('refuses an --out it cannot write before reading the carts, in one line, exit 2', async () => {
    const memory = memoryIo({ [CAMPAIGN]: campaignText, [HISTORY]: read(HISTORY), taken: 'a file' });
    const readLines = vi.spyOn(memory.io, 'readLines');
    expect(await backtest.run([CAMPAIGN, HISTORY, '--out', 'taken/report.json'], memory.io)).toBe(2);
    expect(memory.out.stderr).toBe('carnival backtest: --out: cannot write taken/report.json: not a directory\n');
    expect(readLines).not.toHaveBeenCalled();
    expect(memory.out.stdout).toBe('');
  });

  it('says a report it cannot write after the run in one line, exit 2', async () => {
    const memory = memoryIo({ [CAMPAIGN]: campaignText, [HISTORY]: read(HISTORY) });
    memory.io.writeFile = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(await backtest.run([CAMPAIGN, HISTORY, '--out', 'report.json'], memory.io)).toBe(2);
    expect(memory.out.stderr).toBe('carnival backtest: --out: cannot write report.json: no space left on device\n');
  });

  it('warns when --at is in no phase of the campaign, and still settles', async () => {
    const result = await runBacktest([CAMPAIGN, HISTORY, '--at', '2030-01-01T00:00:00+08:00']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'carnival backtest: warning: --at 2030-01-01T00:00:00+08:00 is in no phase of the campaign (2026-10-20T20:00:00+08:00 to 2026-11-12T00:00:00+08:00): rules limited to phases are not in effect\n',
    );
    expect(result.stdout).toMatch(/^Backtest: /);
  });

  it('--at and --near change the moment and what counts as near', async () => {
    const at = '2026-11-11T20:00:00+08:00';
    const result = await runBacktest([CAMPAIGN, 'carts.jsonl', '--json', '--at', at, '--near', '10000'], { 'carts.jsonl': mixed });
    const report = JSON.parse(result.stdout) as Report;
    expect(report).toMatchObject({ at, near: 10000 });
    expect(report.nearMisses.carts).toBe(2); // ¥15 and ¥100 from the cross-store step
  });

  it.each([
    [['--at', 'tonight'], "carnival backtest: --at: expected an ISO-8601 date-time with an offset, like 2026-11-11T20:00:00+08:00, got \"tonight\"\n"],
    [['--near', '30.5'], 'carnival backtest: --near: expected integer cents, 0 or more (3000 is ¥30), got "30.5"\n'],
    [['--near', '-5'], 'carnival backtest: --near: expected integer cents, 0 or more (3000 is ¥30), got "-5"\n'],
  ])('refuses %j with exit 2', async (option, message) => {
    const result = await runBacktest([CAMPAIGN, HISTORY, ...option]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${message}Run 'carnival backtest --help' for usage.\n`);
  });

  it('exits 2 for a carts file it cannot read, 1 for an invalid campaign', async () => {
    expect(await runBacktest([CAMPAIGN, 'missing.jsonl'])).toMatchObject({ code: 2, stderr: 'missing.jsonl: cannot read: no such file or directory\n' });
    expect(await runBacktest(['campaign.json', HISTORY], { 'campaign.json': '{}' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^campaign\.json: id: expected/) });
    expect(await runBacktest([CAMPAIGN])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^carnival backtest: missing CARTS\n/) });
  });
});

describe('carnival backtest on files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-backtest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file from disk, CRLF line ends and a byte-order mark included', async () => {
    const file = join(dir, 'carts.jsonl');
    writeFileSync(file, `\uFEFF${oneLine('cross-store-just-short')}\r\n${oneLine('lucky-store-coupon')}\r\n`);
    const out = { stdout: '', stderr: '' };
    const io: Io = { ...processIo, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
    const code = await backtest.run([new URL(CAMPAIGN, root).pathname, file, '--json'], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(out.stdout) as Report).totals).toMatchObject({ list: 186400, payable: 106400 });
  });

  it('exits 2 when the carts file is a directory', async () => {
    const out = { stdout: '', stderr: '' };
    const io: Io = { ...processIo, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
    expect(await backtest.run([new URL(CAMPAIGN, root).pathname, dir], io)).toBe(2);
    expect(out.stderr).toBe(`${dir}: cannot read: is a directory\n`);
  });
});
