import { request } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitment, drawWinners, verifyDraw, type LotteryState, type PublishedDraw, type Receipt } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
import { DEV_ADMIN_KEY } from './config.ts';
import { crash, ServerProcesses } from './processes.ts';

const servers = new ServerProcesses();
// A failed test must not leave its server running.
afterEach(() => servers.cleanup());
const run = (env: Record<string, string>, cwd?: string) => servers.run(env, cwd);

/** A campaign whose lottery holds enough tickets for its draw to take a while. */
const CRASH_ID = 'crash-lottery';
const LOTTERY_ID = 'big-draw';
const lotteryBase = `/v1/campaigns/${CRASH_ID}`;
const PLAYERS = 60;
const TICKETS_EACH = 1000;
const DRAW_AT = '2026-11-11T22:00:00+08:00';
const PUBLIC_VALUE = 'drand round 5000000: 3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c';
const CRASH_TIERS = [
  { id: 'grand', title: '¥888 red packet', count: 5, reward: { cash: 88_800 } },
  { id: 'red', title: '¥8.88 red packet', count: 50, reward: { cash: 888 } },
];
/** The grand prizes and 30 of the 50 red packets: the rest are recorded unpaid. */
const BUDGET = 5 * 88_800 + 30 * 888 + 100;
const CRASH_CAMPAIGN = {
  id: CRASH_ID,
  name: 'Crash-tested lottery',
  timezone: 'Asia/Shanghai',
  currency: 'CNY',
  phases: [{ id: 'festival', name: 'Festival', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
  budgets: [{ id: 'prizes', title: 'Lottery prizes', amount: BUDGET }],
  lotteries: [
    {
      id: LOTTERY_ID,
      title: 'The big draw',
      opensAt: '2026-11-01T00:00:00+08:00',
      drawAt: DRAW_AT,
      publicValue: 'drand mainnet randomness of the first round after the draw time',
      budget: 'prizes',
      tiers: CRASH_TIERS,
    },
  ],
};

describe('the server process', () => {
  it('starts on SQLite with the examples, serves, and shuts down gracefully on SIGTERM', async () => {
    const server = run({ PORT: '0', CARNIVAL_DEV: '1', CARNIVAL_CLOCK: 'manual', CARNIVAL_DB: 'here/carnival.db' });
    const url = await server.url;
    const campaigns = (await (await fetch(`${url}/v1/campaigns`)).json()) as { campaigns: { id: string }[] };
    expect(campaigns.campaigns.map((c) => c.id)).toEqual(['double11-2026']);
    const clock = await fetch(`${url}/v1/admin/clock`, { headers: { Authorization: 'Bearer carnival-dev-admin-key' } });
    expect(await clock.json()).toMatchObject({ now: '2026-10-20T12:00:00.000Z', mode: 'manual' });

    server.child.kill('SIGTERM');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    expect(server.output.join('\n')).toContain(`Store: ${join(server.cwd, 'here/carnival.db')}`);
    expect(server.output).toContain('SIGTERM: closing the server, then the store');
  });

  it('keeps every acknowledged command when the process is killed (SIGKILL) right after answering', async () => {
    const server = run({ PORT: '0', CARNIVAL_DEV: '1', CARNIVAL_CLOCK: 'manual', CARNIVAL_DB: 'crash/carnival.db' });
    const url = await server.url;
    const tokens = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const res = await fetch(`${url}/v1/dev/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ playerId: `p${i}` }) });
        return ((await res.json()) as { token: string }).token;
      }),
    );
    // 200 commands at once: each player checks in and shares three times.
    const sends = tokens.flatMap((token, i) =>
      ['daily-checkin', 'share-venue', 'share-venue', 'share-venue'].map(async (task, j) => {
        const key = `crash-${i}-${j}`;
        const res = await fetch(`${url}/v1/campaigns/double11-2026/tasks/${task}/complete`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
        });
        return { playerId: `p${i}`, task, key, status: res.status, receipt: (await res.json()) as Receipt };
      }),
    );
    const answers = await Promise.all(sends);
    await crash(server.child);

    const acknowledged = answers.filter((a) => a.status === 200);
    expect(acknowledged).toHaveLength(200);
    const store = openSqliteStore({ path: join(server.cwd, 'crash/carnival.db') });
    try {
      for (const { playerId, task, key, receipt } of acknowledged) {
        const again = await store.execute({
          campaignId: 'double11-2026',
          playerId,
          key,
          actor: 'player',
          claims: {},
          command: { type: 'task.complete', taskId: task },
          now: Date.parse(receipt.at),
        });
        expect(again).toEqual({ ok: true, receipt, replayed: true });
      }
      const postings = await store.ledger('double11-2026', { limit: 1000 });
      expect(postings).toHaveLength(200);
      expect(postings.reduce((sum, p) => sum + p.amount, 0)).toBe(50 * (20 + 3 * 10));
    } finally {
      await store.close();
    }
  });

  it('draws a lottery exactly once when the process is killed (SIGKILL) during the draw and drawn again after a restart', async () => {
    const env = { PORT: '0', CARNIVAL_DEV: '1', CARNIVAL_CLOCK: 'manual', CARNIVAL_DB: 'draw/carnival.db' };
    const first = run(env);
    const url = await first.url;
    const admin = { Authorization: `Bearer ${DEV_ADMIN_KEY}`, 'Content-Type': 'application/json' };
    const call = async <T>(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = admin) => {
      const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return { body: (await res.json()) as T, replayed: res.headers.get('idempotent-replayed') === 'true' };
    };
    expect((await call(url, 'POST', '/v1/campaigns', CRASH_CAMPAIGN)).body).toMatchObject({ campaignId: CRASH_ID, version: 1 });
    await call(url, 'PUT', '/v1/admin/clock', { now: '2026-11-05T12:00:00+08:00' });

    // 60,000 tickets, 1,000 to each of 60 players, granted 1,000 at a time, 12 requests in flight.
    const grants = Array.from({ length: PLAYERS }, (_, i) => `player-${String(i).padStart(3, '0')}`);
    let issued = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let playerId = grants.shift(); playerId !== undefined; playerId = grants.shift()) {
          const { body } = await call<Receipt>(url, 'POST', `${lotteryBase}/players/${playerId}/lotteries/${LOTTERY_ID}/tickets`, { count: TICKETS_EACH });
          if (body.outcome.type === 'lottery.tickets') issued += body.outcome.tickets.length;
        }
      }),
    );
    expect(issued).toBe(PLAYERS * TICKETS_EACH);
    const token = ((await call<{ token: string }>(url, 'POST', '/v1/dev/tokens', { playerId: 'player-000' })).body).token;
    const asPlayer = { Authorization: `Bearer ${token}` };
    const open = (await call<LotteryState>(url, 'GET', `${lotteryBase}/lotteries/${LOTTERY_ID}`, undefined, asPlayer)).body;
    expect(open.status).toBe('open');

    await call(url, 'PUT', '/v1/admin/clock', { now: DRAW_AT });
    const frozen = (await call<LotteryState>(url, 'GET', `${lotteryBase}/lotteries/${LOTTERY_ID}`, undefined, asPlayer)).body;
    expect(frozen).toMatchObject({ status: 'frozen', commitment: open.commitment });

    // The draw reads the 60,000 tickets, hashes and draws them, pays and writes, in one
    // transaction: about 140 ms here, measured. The process is killed 10 ms after the request
    // has been written out, so the kill lands during the draw (at worst just before it) and the
    // transaction is lost: the retry below draws afresh. A machine fast enough to commit within
    // 10 ms is no failure: the assertions hold either way, since the draw either committed whole
    // (the retry is then a replay) or left nothing behind.
    const body = JSON.stringify({ publicValue: PUBLIC_VALUE });
    const sent = request(`${url}${lotteryBase}/lotteries/${LOTTERY_ID}/draw`, {
      method: 'POST',
      headers: { ...admin, 'Idempotency-Key': 'draw-1', 'Content-Length': String(Buffer.byteLength(body)) },
    });
    sent.on('error', () => {}); // the connection dies with the process
    const answered = new Promise<number | undefined>((resolve) => {
      sent.on('response', (res) => resolve(res.statusCode));
      sent.on('error', () => resolve(undefined));
      sent.on('close', () => resolve(undefined));
    });
    await new Promise<void>((resolve) => sent.end(body, resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await crash(first.child);
    const killedBeforeAnswer = (await answered) === undefined;

    // Restart on the same database; the manual clock starts over, so move it past drawAt again.
    const second = run(env, first.cwd);
    const again = await second.url;
    await call(again, 'PUT', '/v1/admin/clock', { now: DRAW_AT });
    const retried = await call<Receipt>(again, 'POST', `${lotteryBase}/lotteries/${LOTTERY_ID}/draw`, { publicValue: PUBLIC_VALUE }, { ...admin, 'Idempotency-Key': 'draw-1' });
    // A draw acknowledged before the kill was committed: its retry is a replay.
    if (!killedBeforeAnswer) expect(retried.replayed).toBe(true);
    const drawn = retried.body.outcome;
    if (drawn.type !== 'lottery.drawn') throw new Error(`Expected lottery.drawn, got ${drawn.type}`);
    expect(drawn).toMatchObject({ tickets: PLAYERS * TICKETS_EACH, ticketsHash: frozen.ticketsHash });
    // Another key gets the recorded result.
    expect((await call<Receipt>(again, 'POST', `${lotteryBase}/lotteries/${LOTTERY_ID}/draw`, { publicValue: 'another value' })).body.outcome).toEqual(drawn);

    // The winners are the pure draw's, from what was committed to and frozen before the crash.
    const published = (await call<PublishedDraw & { lotteryId: string }>(again, 'GET', `${lotteryBase}/lotteries/${LOTTERY_ID}/draw`, undefined, {})).body;
    expect(published).toMatchObject({ commitment: open.commitment, ticketsHash: frozen.ticketsHash, publicValue: PUBLIC_VALUE });
    expect(commitment(published.seed)).toBe(open.commitment);
    expect(published.tickets).toHaveLength(PLAYERS * TICKETS_EACH);
    expect(verifyDraw(published)).toEqual({ ok: true });
    expect(drawWinners(published).winners).toEqual(published.winners);
    expect(published.winners).toHaveLength(drawn.winners);

    // Paid exactly once: in draw order while the budget lasts.
    const cashOf = new Map(CRASH_TIERS.map((t) => [t.id, t.reward.cash]));
    let room = BUDGET;
    const paid: [string, number][] = [];
    for (const winner of published.winners) {
      const cash = cashOf.get(winner.tier)!;
      if (cash > room) continue;
      room -= cash;
      paid.push([`red-packets|${winner.playerId}`, cash]);
    }
    const spent = paid.reduce((sum, [, cash]) => sum + cash, 0);
    expect(spent).toBeLessThan(BUDGET);
    expect(drawn.paid).toBe(spent);
    const burn = (await call<{ budgets: { id: string; spent: number }[] }>(again, 'GET', `${lotteryBase}/budgets`)).body;
    expect(burn.budgets).toEqual([expect.objectContaining({ id: 'prizes', spent })]);

    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
    const store = openSqliteStore({ path: join(first.cwd, 'draw/carnival.db') });
    try {
      const postings = await store.ledger(CRASH_ID, { limit: 10_000 });
      expect(postings.every((p) => p.reason === 'lottery-prize' && p.from === 'budget|prizes')).toBe(true);
      expect(postings.map((p): [string, number] => [p.to, p.amount]).sort()).toEqual(paid.sort());
    } finally {
      await store.close();
    }
  });

  it('refuses to start without secrets outside development', async () => {
    const server = run({ PORT: '0' });
    await expect(server.url).rejects.toThrow(/CARNIVAL_PLAYER_TOKEN_SECRET: expected a secret/);
    expect(server.child.exitCode).toBe(1);
  });
});
