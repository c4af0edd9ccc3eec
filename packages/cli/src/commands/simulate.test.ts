import { readFileSync } from 'node:fs';
import { formatMoney, validateCampaign } from '@carnival/core';
import { checkPopulation, Population, type Report } from '@carnival/sim';
import { fiveDaysInput, oneADayInput } from '@carnival/sim/testing';
import { freePort } from '@carnival/store-redis/testing';
import { describe, expect, it, vi } from 'vitest';
import { memoryIo } from '../io.ts';
import { DEFAULT_POPULATION, simulateCommand } from './simulate.ts';

const campaign = JSON.stringify(fiveDaysInput());
const population = JSON.stringify(oneADayInput);

async function simulateWith(args: string[], files: Record<string, string> = { 'campaign.json': campaign, 'people.json': population }, interruptOnProgress = false) {
  const { io, out } = memoryIo(files);
  const stderr = io.stderr;
  io.stderr = (text) => {
    stderr(text);
    if (interruptOnProgress && text.startsWith('simulate: ')) out.interrupt();
  };
  const code = await simulateCommand.run(args, io);
  return { code, out };
}

describe('carnival simulate', () => {
  it('draws a progress bar with the rate and the time left on a terminal, plain lines otherwise', async () => {
    const args = ['campaign.json', '--population', 'people.json', '--players', '5000', '--out', 'run'];
    const { io, out } = memoryIo({ 'campaign.json': campaign, 'people.json': population });
    io.isTerminal = true;
    expect(await simulateCommand.run(args, io)).toBe(0);
    // Redrawn in place: a carriage return, 30 cells, the figures, then erase to the end of the line.
    const bars = out.stderr.match(/\r\[[#.]{30}\] \d+% 2026-11-0\d [\d,]+ commands [\d,]+\/s \d+ s left\u001b\[K/g) ?? [];
    // Every 10,000 commands, and once at the end.
    expect(bars.length).toBe(3);
    expect(bars[2]).toMatch(/^\r\[#{30}\] 100% .* 0 s left/);
    expect(out.stderr).toMatch(/\u001b\[K\nsimulate: 25,000 commands in [\d.]+ s \([\d,]+\/s\)\n$/);

    const plain = await simulateWith(args);
    expect(plain.out.stderr).not.toContain('\r');
    expect(plain.out.stderr.split('\n').slice(0, -2).every((line) => /^simulate: \d+% 2026-11-0\d [\d,]+ commands [\d,]+\/s \d+ s left$/.test(line))).toBe(true);
  });

  it('writes report.json and report.html and prints the key figures', async () => {
    const { code, out } = await simulateWith(['campaign.json', '--population', 'people.json', '--players', '200', '--seed', 'cli', '--out', 'run']);
    expect(code).toBe(0);
    const report = JSON.parse(out.files.get('run/report.json')!);
    expect(report.totals).toMatchObject({ commands: 1000, accepted: 1000 });
    expect(report.meta).toMatchObject({ players: 200, seed: 'cli', partial: false });
    expect(out.files.get('run/report.html')).toMatch(/^<!doctype html>/i);
    expect(out.directories.has('run')).toBe(true);
    expect(out.stdout).toContain('commands 1,000: 1,000 accepted, 0 refused, 0 replays');
    expect(out.stdout).toContain('ok   ledger balances');
    expect(out.stderr).toMatch(/simulate: 1,000 commands in [\d.]+ s/);
  });

  it("prints money in the campaign's currency, as a designer reads it", async () => {
    const example = readFileSync(new URL('../../../../examples/double11-cat-candy.json', import.meta.url), 'utf8');
    const { code, out } = await simulateWith(['campaign.json', '--players', '60', '--out', 'run'], { 'campaign.json': example, [DEFAULT_POPULATION]: readFileSync(DEFAULT_POPULATION, 'utf8') });
    expect(code).toBe(0);
    const report = JSON.parse(out.files.get('run/report.json')!) as Report;
    expect(report.budgets.length).toBeGreaterThan(0);
    for (const b of report.budgets) expect(out.stdout).toContain(`budget ${b.id}: ${formatMoney(b.spent, 'CNY')} spent, ${formatMoney(b.reserved, 'CNY')} held of ${formatMoney(b.amount, 'CNY')}`);
    const { platform, merchant } = report.settlement;
    expect(out.stdout).toContain(`(${formatMoney(platform, 'CNY')} by the platform, ${formatMoney(merchant, 'CNY')} by the merchants)`);
  });

  it('writes the same report.json on the memory and SQLite stores', async () => {
    const args = ['campaign.json', '--population', 'people.json', '--players', '40', '--out', 'run'];
    const memory = await simulateWith(args);
    const sqlite = await simulateWith([...args, '--store', 'sqlite']);
    expect(sqlite.code).toBe(0);
    expect(sqlite.out.files.get('run/report.json')).toBe(memory.out.files.get('run/report.json'));
  });

  it('points at a population field that names what the campaign lacks', async () => {
    const typo = JSON.stringify({ name: 'typo', segments: [{ id: 'daily', share: 1, activeDays: 1, visitsPerDay: 1, tasks: { tapp: 1 } }] });
    const { code, out } = await simulateWith(['campaign.json', '--population', 'typo.json'], { 'campaign.json': campaign, 'typo.json': typo });
    expect(code).toBe(1);
    expect(out.stderr).toContain('typo.json: segments[0].tasks.tapp: expected a task of campaign five-days (tap) or "*", got "tapp"');
  });

  it('refuses a bad command line', async () => {
    expect((await simulateWith(['campaign.json', '--players', 'many'])).out.stderr).toContain("--players: a whole number from 1 to 10000000, got 'many'");
    for (const players of ['0x10', '1e3', ' 7', '1.5', '0', '10000001']) expect((await simulateWith(['campaign.json', '--players', players])).out.stderr).toContain(`--players: a whole number from 1 to 10000000, got '${players}'`);
    expect((await simulateWith(['campaign.json', '--seed', ''])).out.stderr).toContain("--seed: a non-empty seed, got ''");
    expect((await simulateWith(['campaign.json', '--players', '-5'])).out.stderr).toBe("carnival simulate: --players: a whole number from 1 to 10000000, got '-5'\nRun 'carnival simulate --help' for usage.\n");
    expect((await simulateWith(['campaign.json', '--store', 'postgres'])).code).toBe(2);
    expect((await simulateWith(['missing.json'])).code).toBe(2);
  });

  it('refuses an --out it cannot write before the run, in one line, exit 2', async () => {
    const { code, out } = await simulateWith(['campaign.json', '--population', 'people.json', '--out', 'taken/run'], { 'campaign.json': campaign, 'people.json': population, taken: 'a file' });
    expect(code).toBe(2);
    // Nothing but the message: no progress, so no run.
    expect(out.stderr).toBe('carnival simulate: --out: cannot write taken/run: not a directory\n');
  });

  it('says a report it cannot write after the run in one line, exit 2', async () => {
    const { io, out } = memoryIo({ 'campaign.json': campaign, 'people.json': population });
    io.writeFile = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(await simulateCommand.run(['campaign.json', '--population', 'people.json', '--players', '20', '--out', 'run'], io)).toBe(2);
    expect(out.stderr.split('\n').at(-2)).toBe('carnival simulate: --out: cannot write run/report.json: no space left on device');
  });

  it('refuses a Redis that does not answer before the run, in one line, exit 2', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    vi.stubEnv('REDIS_URL', url);
    try {
      const { code, out } = await simulateWith(['campaign.json', '--population', 'people.json', '--players', '20', '--store', 'redis', '--out', 'run']);
      expect(code).toBe(2);
      expect(out.stderr).toBe(`carnival simulate: --store redis: cannot reach Redis at ${url} (connect ECONNREFUSED ${url.slice('redis://'.length)})\n`);
      expect(out.directories.size).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('stops on Ctrl-C with a partial report and exit 130', async () => {
    const { code, out } = await simulateWith(['campaign.json', '--population', 'people.json', '--players', '5000', '--out', 'run'], undefined, true);
    expect(code).toBe(130);
    const report = JSON.parse(out.files.get('run/report.json')!);
    expect(report.meta.partial).toBe(true);
    expect(report.totals.commands).toBeLessThan(25_000);
    expect(report.invariants.every((i: { holds: boolean }) => i.holds)).toBe(true);
    expect(out.stdout).toContain('Partial run (stopped)');
  });

  it('ships a default population that fits the example campaign', async () => {
    const definition = validateCampaign(JSON.parse(readFileSync(new URL('../../../../examples/double11-cat-candy.json', import.meta.url), 'utf8')));
    const parsed = Population.safeParse(JSON.parse(readFileSync(DEFAULT_POPULATION, 'utf8')));
    expect(parsed.success && definition.ok && checkPopulation(parsed.data, definition.value)).toEqual([]);
  });
});
