import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMoney, formatProblem, MemoryStore, parseWith, type Store } from '@carnival/core';
import { buildReport, checkPopulation, growHeapByAQuarter, Population, renderReport, simulate, type Progress, type Report } from '@carnival/sim';
import { openSqliteStore } from '@carnival/store-sqlite';
import { deleteKeysWithPrefix, pingRedis, RedisStore } from '@carnival/store-redis';
import { CannotRunError, defineCommand, EXIT, UsageError } from '../command.ts';
import type { Io } from '../io.ts';
import { readJson } from '../json.ts';
import { prepareOutputDirectory, writeOutput } from '../output.ts';
import { check } from './validate.ts';

/** The population that ships with Carnival, used when none is given. */
export const DEFAULT_POPULATION = fileURLToPath(new URL('../../../../examples/populations/double11.json', import.meta.url));

const USAGE = `Usage: carnival simulate CAMPAIGN [--players N] [--seed S] [--population FILE]
                         [--store memory|sqlite|redis] [--out DIR]

Runs the campaign from its first phase to its last settle on a simulated clock, over a synthetic
population, through the same engine and commands as the play API; then writes DIR/report.json
and DIR/report.html (self-contained: open it offline) and prints the key figures.

The same campaign, population and seed give a byte-identical report.json on every store. The run
checks its own invariants (the ledger balances, every balance is its postings, no budget is
exceeded, the engine's answers add up to the ledger) and fails when one does not hold.

Options:
      --players N        Players in the population (default 10000)
      --seed S           The run's seed: behaviour and the campaign's draws follow it (default 'carnival')
      --population FILE  Segments and catalog, JSON (default examples/populations/double11.json)
      --store KIND       memory (default), sqlite (a temporary database file) or redis (REDIS_URL,
                         default redis://127.0.0.1:6379, under a key prefix of its own, deleted after)
      --out DIR          Where the report goes (default ./carnival-simulation), made and checked
                         before the run
  -h, --help             Show this help

Progress goes to stderr: a bar on a terminal, a line every tenth of the run otherwise. Ctrl-C
(or SIGTERM, SIGHUP) stops the run between two commands, writes a partial report and removes the
run's temporary database or Redis keys.

Exit status: 0 the run completed and every invariant held, 1 an invariant failed or the
campaign or population is invalid, 2 a file could not be read, DIR could not be written, Redis
did not answer or the command line is wrong, 130 stopped by Ctrl-C, 143 by SIGTERM, 129 by
SIGHUP (the partial report is written each time).
`;

export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'Run a campaign over a synthetic population and report',
  usage: USAGE,
  options: {
    players: { type: 'string' },
    seed: { type: 'string' },
    population: { type: 'string' },
    store: { type: 'string' },
    out: { type: 'string' },
  },
  positionals: { name: 'CAMPAIGN', min: 1, max: 1 },
  async run({ values, positionals }, io) {
    // Digits only: Number() would also take '0x10', '1e3' and ' 7'.
    const players = /^\d{1,8}$/.test(values.players ?? '10000') ? Number(values.players ?? '10000') : NaN;
    if (!(players >= 1 && players <= 10_000_000)) throw new UsageError(`--players: a whole number from 1 to 10000000, got '${values.players}'`);
    const kind = values.store ?? 'memory';
    if (kind !== 'memory' && kind !== 'sqlite' && kind !== 'redis') throw new UsageError(`--store: memory, sqlite or redis, got '${kind}'`);
    const seed = values.seed ?? 'carnival';
    // An empty seed is mostly an unset variable ($SEED) in a script: it would run, unlike the one meant.
    if (seed === '') throw new UsageError("--seed: a non-empty seed, got ''");
    const out = values.out ?? 'carnival-simulation';

    const campaignFile = positionals[0]!;
    const { report: checked, definition } = await check(campaignFile, io);
    if (checked.error !== undefined) return fail(io, `${campaignFile}: ${checked.error}`, EXIT.error);
    if (!definition) {
      for (const problem of checked.problems) io.stderr(`${campaignFile}: ${formatProblem(problem)}\n`);
      return EXIT.invalid;
    }
    const populationFile = values.population ?? DEFAULT_POPULATION;
    const read = await readJson(populationFile, io);
    if (!read.ok) return fail(io, `${populationFile}: ${read.error}`, EXIT.error);
    const parsed = parseWith(Population, read.value);
    const problems = [...read.repeated, ...(parsed.ok ? checkPopulation(parsed.value, definition) : parsed.problems)];
    if (!parsed.ok || problems.length > 0) {
      for (const problem of problems) io.stderr(`${populationFile}: ${formatProblem(problem)}\n`);
      return EXIT.invalid;
    }
    const population = parsed.value;
    const reportFiles = { json: join(out, 'report.json'), html: join(out, 'report.html') };

    growHeapByAQuarter();
    // Opened first: a Redis that does not answer is refused before DIR is made.
    const store = await openStore(kind);
    const stop = new AbortController();
    let stoppedWith: number = EXIT.interrupted;
    const unlisten = io.onInterrupt((status) => {
      stoppedWith = status;
      stop.abort();
    });
    const progress = progressReporter(io);
    let report: Report;
    try {
      await prepareOutputDirectory(io, '--out', out, Object.values(reportFiles));
      const run = await simulate({ definition, population, players, seed, store: store.store, signal: stop.signal, onProgress: progress.update, progressEvery: 10_000 });
      progress.done(run.tally.commands);
      report = await buildReport(run, store.store, population, seed);
    } finally {
      unlisten();
      await store.close();
    }

    await writeOutput(io, '--out', reportFiles.json, `${JSON.stringify(report, null, 2)}\n`);
    await writeOutput(io, '--out', reportFiles.html, renderReport(report));
    io.stdout(summary(report, out));
    if (report.meta.partial) return stoppedWith;
    return report.invariants.every((i) => i.holds) ? EXIT.ok : EXIT.invalid;
  },
});

function fail(io: Io, message: string, code: number): number {
  io.stderr(`${message}\n`);
  return code;
}

async function openStore(kind: 'memory' | 'sqlite' | 'redis'): Promise<{ store: Store; close(): Promise<void> }> {
  if (kind === 'memory') {
    const store = new MemoryStore();
    return { store, close: () => store.close() };
  }
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'carnival-simulate-'));
    // A throwaway database: a simulation needs no fsync per command.
    const store = openSqliteStore({ path: join(dir, 'simulation.db'), synchronous: 'NORMAL' });
    return {
      store,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await checkRedisAnswers(url);
  const prefix = `carnival-simulate-${process.pid}-${Date.now().toString(36)}`;
  const store = new RedisStore({ url, prefix });
  return {
    store,
    async close() {
      await store.close();
      await deleteKeysWithPrefix(url, prefix);
    },
  };
}

/** How long Redis has to connect and answer PING before the run is refused. */
const REDIS_TIMEOUT_MS = 2000;

/** Checks once, quickly, that Redis answers, so a wrong REDIS_URL is one line rather than a run of retries. */
async function checkRedisAnswers(url: string): Promise<void> {
  await pingRedis(url, REDIS_TIMEOUT_MS).catch((error: unknown) => {
    throw new CannotRunError(`--store redis: cannot reach Redis at ${url} (${error instanceof Error ? error.message : String(error)})`);
  });
}

/** A bar redrawn in place on a terminal; a line per tenth of the run otherwise. */
function progressReporter(io: Io) {
  const started = performance.now();
  let lastTenth = -1;
  const line = (p: Progress) => {
    const fraction = Math.min(1, (p.at - p.from) / Math.max(1, p.to - p.from));
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.commands / seconds) : 0;
    const left = fraction > 0 ? Math.max(0, Math.round((seconds / fraction) * (1 - fraction))) : 0;
    const day = new Date(p.at).toISOString().slice(0, 10);
    return { fraction, text: `${Math.floor(fraction * 100)}% ${day} ${p.commands.toLocaleString('en-US')} commands ${rate.toLocaleString('en-US')}/s ${left} s left` };
  };
  return {
    update(p: Progress) {
      const { fraction, text } = line(p);
      if (io.isTerminal) {
        const width = 30;
        const filled = Math.round(fraction * width);
        io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`);
      } else if (Math.floor(fraction * 10) > lastTenth) {
        lastTenth = Math.floor(fraction * 10);
        io.stderr(`simulate: ${text}\n`);
      }
    },
    done(commands: number) {
      const seconds = (performance.now() - started) / 1000;
      if (io.isTerminal) io.stderr('\n');
      io.stderr(`simulate: ${commands.toLocaleString('en-US')} commands in ${seconds.toFixed(1)} s (${Math.round(commands / Math.max(seconds, 1e-9)).toLocaleString('en-US')}/s)\n`);
    },
  };
}

function summary(report: Report, out: string): string {
  const money = (cents: number) => formatMoney(cents, report.meta.currency);
  const lines = [
    `${report.meta.partial ? 'Partial run (stopped)' : 'Run'} of ${report.meta.campaign.id} v${report.meta.campaign.version}, ${report.meta.players.toLocaleString('en-US')} players, seed '${report.meta.seed}', to ${report.meta.reached}`,
    `  commands ${report.totals.commands.toLocaleString('en-US')}: ${report.totals.accepted.toLocaleString('en-US')} accepted, ${report.totals.rejected.toLocaleString('en-US')} refused, ${report.totals.replayed.toLocaleString('en-US')} replays`,
    ...report.budgets.map((b) => `  budget ${b.id}: ${money(b.spent)} spent, ${money(b.reserved)} held of ${money(b.amount)}${b.exhaustedAt ? `, exhausted at ${b.exhaustedAt}` : ''}`),
    `  orders ${report.settlement.orders.toLocaleString('en-US')}, discount rate ${(report.settlement.discountRate * 100).toFixed(2)}% (${money(report.settlement.platform)} by the platform, ${money(report.settlement.merchant)} by the merchants), topped up ${report.settlement.toppedUp.carts.toLocaleString('en-US')}`,
    ...report.rejections.slice(0, 5).map((r) => `  refused ${r.code}: ${r.count.toLocaleString('en-US')} (${r.bySegment.map((s) => `${s.segment} ${s.count}`).join(', ')})`),
    ...report.segments
      .filter((s) => s.fakeAccounts.accounts > 0)
      .map((s) => `  fake accounts of ${s.id}: ${s.fakeAccounts.accounts.toLocaleString('en-US')}, got ${s.fakeAccounts.candy.toLocaleString('en-US')} candy and ${money(s.fakeAccounts.cash)}`),
    ...report.invariants.map((i) => `  ${i.holds ? 'ok  ' : 'FAIL'} ${i.name}: ${i.detail}`),
    `  wrote ${join(out, 'report.json')} and ${join(out, 'report.html')}`,
  ];
  return `${lines.join('\n')}\n`;
}
