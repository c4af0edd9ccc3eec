/**
 * Durability on Redis: with AOF and `appendfsync always`, Redis writes a script's effects to the
 * log before it answers, so a command the store acknowledged survives Redis being killed. Load
 * runs, Redis dies by SIGKILL mid-load, restarts on the same directory, and every acknowledged
 * command is still there while the ledger still adds up to every balance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, postedBalances, type CommandRequest, type Receipt } from '@carnival/core';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '@carnival/store-redis';
import { canStartRedisServer, failFastRedis, startRedisServer, type RedisServer } from '@carnival/store-redis/testing';
import { CONTRACT_NOW, CONTRACT_SEED, Sender, cmd, contractCampaign, ledgerAccounts, storedBalances, wholeLedger } from './fixtures.ts';

const PERSISTENT = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
const PLAYERS = Array.from({ length: 40 }, (_, i) => `player-${i}`);
const WORKERS = 40;
/** Commands acknowledged before Redis is killed; more are in flight at that moment. */
const ACKNOWLEDGED_BEFORE_KILL = 800;


describe.skipIf(!canStartRedisServer())('Redis durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-redis-aof-'));
  const servers: RedisServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command through a SIGKILL of Redis, with a balanced ledger', async () => {
    const first = await startRedisServer(['--dir', dir, ...PERSISTENT]);
    servers.push(first);
    const connection = await failFastRedis(first.url);
    const loading = new RedisStore({ redis: connection });
    await loading.publish(contractCampaign(), { seed: CONTRACT_SEED });
    const send = new Sender(loading, 'contract-fest', CONTRACT_NOW);
    const code = (await send.receipt('player-0', cmd.share())).outcome;
    if (code.type !== 'invitation.created') throw new Error('expected a share code');

    const acknowledged: { request: CommandRequest; receipt: Receipt }[] = [];
    let killed: Promise<void> | undefined;
    const work = async (worker: number) => {
      for (let i = 0; !killed; i++) {
        const player = PLAYERS[(worker + i) % PLAYERS.length]!;
        // Mostly taps; now and then a box open (spending candy) or an assist (two players).
        const command = i % 7 === 3 ? cmd.open('lucky') : i % 11 === 5 ? cmd.accept(code.code) : cmd.complete('tap');
        const request = send.request(player, command);
        try {
          const result = await loading.execute(request);
          if (result.ok) acknowledged.push({ request, receipt: result.receipt });
        } catch {
          return; // Redis is gone: this command was never acknowledged
        }
        if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL) killed ??= first.kill();
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, worker) => work(worker)));
    await killed;
    connection.disconnect();
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    const second = await startRedisServer(['--dir', dir, ...PERSISTENT], first.port);
    servers.push(second);
    const store = new RedisStore({ url: second.url });
    try {
      // Each acknowledged command is remembered: a retry replays its receipt and changes nothing.
      const ledgerBefore = await wholeLedger(store, 'contract-fest');
      for (const { request, receipt } of acknowledged) expect(await store.execute(request)).toEqual({ ok: true, receipt, replayed: true });
      const ledger = await wholeLedger(store, 'contract-fest');
      expect(ledger).toEqual(ledgerBefore);
      const posted = new Set(ledger.map((e) => `${e.playerId}|${e.commandKey}`));
      // Taps and assists post candy: their postings are there too (a box paid with an earned box posts none).
      for (const { request } of acknowledged) {
        if (request.command.type === 'box.open') continue;
        expect(posted.has(`${request.playerId}|${request.key}`)).toBe(true);
      }
      // Nothing half-applied: the ledger adds up to every stored balance, and balances to zero.
      const names = ledgerAccounts(PLAYERS);
      const balances = await storedBalances(store, 'contract-fest', names);
      expect(balances).toEqual(postedBalances(ledger, names));
      expect(Object.values(balances).reduce((sum, b) => sum + b, 0)).toBe(0);
      expect(balances[accounts.issuance.id]).toBeLessThan(0);
    } finally {
      await store.close();
    }
  });
});
