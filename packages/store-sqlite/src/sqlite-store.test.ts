import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accounts,
  CAMPAIGN,
  counters,
  MemoryStore,
  records,
  validateCampaign,
  type Command,
  type CommandRequest,
  type CommandResult,
  type Store,
} from '@carnival/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnection } from './connection.ts';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';

const validated = validateCampaign(JSON.parse(readFileSync(new URL('../../../examples/double11-cat-candy.json', import.meta.url), 'utf8')));
if (!validated.ok) throw new Error('the example campaign does not validate');
const definition = validated.value;
const SEED = 'a-test-seed';
/** A day of the second warm-up, when every task of the example is open. */
const NOW = Date.parse('2026-11-05T12:00:00+08:00');
const FOLLOW = 'follow-tmall-supermarket';

const request = (playerId: string, key: string, command: Command, extra: Partial<CommandRequest> = {}): CommandRequest => ({
  campaignId: definition.id,
  playerId,
  key,
  command,
  actor: 'host',
  claims: {},
  now: NOW,
  ...extra,
});
const follow = (playerId: string, key = `follow-${playerId}`) => request(playerId, key, { type: 'task.complete', taskId: FOLLOW });

let dir: string;
let opened: SqliteStore[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'carnival-sqlite-'));
  opened = [];
});
afterEach(async () => {
  for (const store of opened) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(options: Partial<SqliteStoreOptions> = {}): SqliteStore {
  const store = openSqliteStore({ path: join(dir, 'carnival.db'), ...options });
  opened.push(store);
  return store;
}

async function published(options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> {
  const store = openStore(options);
  await store.publish(definition, { seed: SEED, now: NOW });
  return store;
}

/** Changes the schema from a second connection, as an operator would. */
function admin(sql: string): void {
  const db = new Database(join(dir, 'carnival.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const balanceOf = (store: Store, playerId: string) => store.read(definition.id, (view) => view.balance(accounts.player(playerId)));

describe('opening', () => {
  it('creates the directory, applies the migrations and sets the pragmas', () => {
    const path = join(dir, 'nested', 'deeper', 'carnival.db');
    const { db } = openConnection({ path });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all();
      const sqlOf = new Map(tables.map((t) => [t.name, t.sql]));
      for (const name of ['campaigns', 'campaign_versions', 'ledger_entries']) expect(sqlOf.get(name)).not.toMatch(/WITHOUT ROWID/);
      for (const name of ['counters', 'balances', 'records', 'commands']) expect(sqlOf.get(name)).toMatch(/WITHOUT ROWID$/);
      expect(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('syncs at checkpoints only when asked for NORMAL, and migrates a file only once', () => {
    const path = join(dir, 'carnival.db');
    openConnection({ path }).db.close();
    const { db } = openConnection({ path, synchronous: 'NORMAL' });
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      const migrations = readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8');
      expect(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(JSON.parse(migrations).entries.length);
    } finally {
      db.close();
    }
  });

  it('refuses a synchronous setting it does not know', () => {
    expect(() => openConnection({ path: ':memory:', synchronous: 'OFF' as 'FULL' })).toThrow(/FULL or NORMAL/);
  });
});

describe('publishing', () => {
  it('behaves like the memory store: idempotent, versioned, keeping the first seed', async () => {
    const renamed = { ...definition, name: 'Renamed' };
    const steps = async (store: Store) => [
      await store.publish(definition, { seed: SEED, now: NOW }),
      await store.publish(definition, { seed: 'ignored', now: NOW + 1 }),
      await store.publish(renamed, { seed: 'ignored', now: NOW + 2 }),
      await store.publish({ ...definition, id: 'second' }, { seed: 'other', now: NOW + 3 }),
      await store.campaigns(),
      await store.campaign(definition.id),
      await store.campaign('missing'),
    ];
    expect(await steps(openStore())).toEqual(await steps(new MemoryStore()));
    const store = opened[0]!;
    expect((await store.campaign(definition.id))?.seed).toBe(SEED);
    expect((await store.campaign(definition.id))?.version).toBe(2);
  });

  it('keeps campaigns, seeds, state and idempotency records across close and reopen', async () => {
    const first = await published();
    await first.publish({ ...definition, name: 'Renamed' }, { now: NOW + 1 });
    const receipt = await first.execute(follow('alice'));
    expect(receipt).toMatchObject({ ok: true, replayed: false });
    const campaigns = await first.campaigns();
    const ledger = await first.ledger(definition.id);
    await first.close();

    const second = openStore();
    expect(await second.campaigns()).toEqual(campaigns);
    expect((await second.campaign(definition.id))?.seed).toBe(SEED);
    expect((await second.campaign(definition.id))?.definition.name).toBe('Renamed');
    expect(await second.ledger(definition.id)).toEqual(ledger);
    expect(await balanceOf(second, 'alice')).toBe(100);
    expect(await second.execute(follow('alice'))).toEqual({ ...receipt, replayed: true });
  });
});

describe('executing', () => {
  it('gives the memory store’s answers, ledger and reads for the same commands', async () => {
    const script = async (store: Store) => {
      const results: CommandResult[] = [];
      const run = async (r: CommandRequest) => {
        const result = await store.execute(r);
        results.push(result);
        return result;
      };
      await run(request('alice', 'c1', { type: 'task.complete', taskId: 'daily-checkin' }, { actor: 'player' }));
      await run(request('alice', 'b1', { type: 'task.start', taskId: 'browse-main-venue' }, { actor: 'player' }));
      await run(request('alice', 'b2', { type: 'task.complete', taskId: 'browse-main-venue' }, { actor: 'player', now: NOW + 5_000 }));
      await run(request('alice', 'b3', { type: 'task.complete', taskId: 'browse-main-venue' }, { actor: 'player', now: NOW + 16_000 }));
      await run(follow('alice'));
      await run(follow('alice'));
      await run(request('alice', 'follow-alice', { type: 'task.complete', taskId: 'join-member-club' }));
      await run(request('alice', 'box1', { type: 'box.open', boxId: 'surprise-box' }, { actor: 'player' }));
      const created = await run(request('alice', 'share', { type: 'invitation.create' }, { actor: 'player' }));
      const code = created.ok && created.receipt.outcome.type === 'invitation.created' ? created.receipt.outcome.code : 'none';
      await run(request('bob', 'accept', { type: 'invitation.accept', code }, { actor: 'player', claims: { newCustomer: true } }));
      await run(request('carol', 'accept', { type: 'invitation.accept', code }, { actor: 'player' }));
      await run({ ...follow('dave'), campaignId: 'missing' });
      return {
        results,
        ledger: await store.ledger(definition.id),
        aliceLedger: await store.ledger(definition.id, { account: accounts.player('alice').id, limit: 3 }),
        reads: await store.read(definition.id, (view) => ({
          alice: view.balance(accounts.player('alice')),
          issuance: view.balance(accounts.issuance),
          done: view.counter('alice', counters.tasksDone),
          assists: view.recordsWithPrefix('alice', records.assistPrefix),
          ticket: view.record('alice', records.browseTicket('browse-main-venue')),
        })),
        unknown: await store.read('missing', (view) => view.recordsWithPrefix(CAMPAIGN, '')),
      };
    };
    const memory = new MemoryStore();
    await memory.publish(definition, { seed: SEED, now: NOW });
    const expected = await script(memory);
    expect(expected.reads.assists).toHaveLength(2);
    expect(await script(await published())).toEqual(expected);
  });

  it('commits concurrent commands in one transaction, answering only after it', async () => {
    const store = await published();
    const players = Array.from({ length: 50 }, (_, i) => `player-${i}`);
    const results = await Promise.all(players.map((p) => store.execute(follow(p))));
    expect(results.every((r) => r.ok && !r.replayed)).toBe(true);
    expect(store.stats).toEqual({ batches: 1, commands: 50 });
    // Visible from another connection: answered means committed.
    const other = new Database(join(dir, 'carnival.db'), { readonly: true });
    try {
      expect(other.prepare('SELECT count(*) FROM commands').pluck().get()).toBe(50);
    } finally {
      other.close();
    }
  });

  it('caps a batch at maxBatch commands', async () => {
    const store = await published({ maxBatch: 8 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.execute(follow(`player-${i}`))));
    expect(store.stats).toEqual({ batches: 7, commands: 50 });
  });

  it('rolls back only the command that throws, and commits the rest of its batch', async () => {
    const store = await published();
    // A trigger fails the ledger posting, which applyEffects writes after the counters and balances.
    admin(`CREATE TRIGGER refuse_mallory BEFORE INSERT ON ledger_entries WHEN NEW.player_id = 'mallory'
                BEGIN SELECT RAISE(ABORT, 'posting refused'); END`);
    const settled = await Promise.allSettled(['alice', 'mallory', 'bob'].map((p) => store.execute(follow(p))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/posting refused/);
    expect(store.stats).toEqual({ batches: 1, commands: 3 });

    const state = (playerId: string) =>
      store.read(definition.id, (view) => ({
        balance: view.balance(accounts.player(playerId)),
        done: view.counter(playerId, counters.tasksDone),
        total: view.counter(playerId, counters.taskTotal(FOLLOW)),
      }));
    expect(await state('mallory')).toEqual({ balance: 0, done: 0, total: 0 });
    expect(await state('alice')).toEqual({ balance: 100, done: 1, total: 1 });
    expect(await state('bob')).toEqual({ balance: 100, done: 1, total: 1 });
    expect((await store.ledger(definition.id)).map((e) => e.playerId).sort()).toEqual(['alice', 'bob']);
    expect(await store.read(definition.id, (view) => view.balance(accounts.issuance))).toBe(-200);

    // Nothing of the failed command was kept, not even its idempotency record.
    admin('DROP TRIGGER refuse_mallory');
    expect(await store.execute(follow('mallory'))).toMatchObject({ ok: true, replayed: false });
    expect(await balanceOf(store, 'mallory')).toBe(100);
  });

  it('gives one effect for 100 concurrent commands under one key', async () => {
    const store = await published();
    const results = await Promise.all(Array.from({ length: 100 }, () => store.execute(follow('alice', 'the-one-key'))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    const receipts = new Set(results.map((r) => (r.ok ? JSON.stringify(r.receipt) : '')));
    expect(receipts.size).toBe(1);
    expect(await balanceOf(store, 'alice')).toBe(100);
    expect(await store.ledger(definition.id, { account: accounts.player('alice').id })).toHaveLength(1);
    expect(store.stats.batches).toBeLessThan(store.stats.commands);
  });

  it('commits queued commands on close, and refuses commands after it', async () => {
    const store = await published();
    const pending = store.execute(follow('alice'));
    await store.close();
    expect(await pending).toMatchObject({ ok: true, replayed: false });
    await expect(store.execute(follow('bob'))).rejects.toThrow(/closed/);
    expect(await balanceOf(openStore(), 'alice')).toBe(100);
  });
});

describe('several instances on one file', () => {
  // Each instance has its own connection, as separate processes (a server and a CLI publish) would.
  const rewarding = (candy: number, name = definition.name) => ({
    ...definition,
    name,
    tasks: definition.tasks.map((t) => (t.id === FOLLOW ? { ...t, reward: { candy } } : t)),
  });

  it('runs, returns and lists the version another instance published after it opened', async () => {
    const a = await published();
    const b = openStore();
    expect((await b.campaign(definition.id))?.version).toBe(1);
    expect(await b.execute(follow('alice'))).toMatchObject({ ok: true, receipt: { version: 1 } });

    expect(await a.publish(rewarding(7, 'Seven'), { now: NOW + 1 })).toMatchObject({ version: 2, created: true });
    // The next command, read and listing of b see version 2 without a restart.
    expect(await b.execute(follow('bob'))).toMatchObject({ ok: true, receipt: { version: 2 } });
    expect(await balanceOf(b, 'bob')).toBe(7);
    expect(await b.campaign(definition.id)).toMatchObject({ version: 2, seed: SEED, definition: { name: 'Seven' } });
    expect(await b.campaigns()).toEqual(await a.campaigns());
    expect((await b.campaigns()).map((c) => c.version)).toEqual([2]);
  });

  it('runs a version published while its command was queued', async () => {
    const a = await published();
    const b = openStore();
    await b.campaigns();
    const queued = b.execute(follow('carol'));
    await a.publish(rewarding(9), { now: NOW + 1 });
    expect(await queued).toMatchObject({ ok: true, receipt: { version: 2 } });
    expect(await balanceOf(b, 'carol')).toBe(9);
  });

  it('finds a campaign another instance published first, and lists campaigns in publication order', async () => {
    const a = openStore();
    const b = openStore();
    expect(await b.campaigns()).toEqual([]);
    await a.publish(definition, { seed: SEED, now: NOW });
    expect(await b.execute(follow('alice'))).toMatchObject({ ok: true, receipt: { version: 1 } });
    expect(await balanceOf(b, 'alice')).toBe(100);
    expect((await b.campaign(definition.id))?.seed).toBe(SEED);

    await b.publish({ ...definition, id: 'second' }, { seed: 'other', now: NOW + 1 });
    await a.publish({ ...definition, id: 'third' }, { seed: 'third', now: NOW + 2 });
    await b.publish({ ...definition, id: 'fourth' }, { seed: 'fourth', now: NOW + 3 });
    const order = [definition.id, 'second', 'third', 'fourth'];
    expect((await a.campaigns()).map((c) => c.id)).toEqual(order);
    expect((await b.campaigns()).map((c) => c.id)).toEqual(order);
    expect(await b.campaigns()).toEqual(await openStore().campaigns());
    expect(await a.execute({ ...follow('dave'), campaignId: 'fourth' })).toMatchObject({ ok: true, receipt: { version: 1 } });
  });

  it('keeps its own publishes and sees none of its own commits as foreign', async () => {
    const a = await published();
    const b = openStore();
    await b.publish(rewarding(3), { now: NOW + 1 });
    await Promise.all(['p1', 'p2', 'p3'].map((p) => b.execute(follow(p))));
    expect(await a.execute(follow('p4'))).toMatchObject({ ok: true, receipt: { version: 2 } });
    expect(await b.campaign(definition.id)).toMatchObject({ version: 2 });
    expect(await balanceOf(a, 'p4')).toBe(3);
  });
});
