import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from './listen.ts';

/**
 * Baselines for the HTTP benchmark, each a Hono app on @hono/node-server:
 * - `constant`: returns a constant (the cost of HTTP and Hono alone);
 * - `sqlite-full` / `sqlite-normal`: one SQLite transaction per request with the same row writes
 *   as a Carnival task completion (4 counter upserts, 2 balance upserts, a ledger posting and an
 *   idempotency record), WAL with synchronous FULL (one fsync per request) or NORMAL.
 */
const mode = process.argv[2];
const app = new Hono();
let close: () => void = () => {};

if (mode === 'constant') {
  app.post('/tap', (c) => c.json({ ok: true }));
} else if (mode === 'sqlite-full' || mode === 'sqlite-normal') {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'carnival-bench-')), 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${mode === 'sqlite-full' ? 'FULL' : 'NORMAL'}`);
  db.exec(`
    CREATE TABLE counters (campaign_id TEXT NOT NULL, scope TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (campaign_id, scope, name)) WITHOUT ROWID;
    CREATE TABLE balances (campaign_id TEXT NOT NULL, scope TEXT NOT NULL, name TEXT NOT NULL, balance INTEGER NOT NULL, PRIMARY KEY (campaign_id, scope, name)) WITHOUT ROWID;
    CREATE TABLE ledger (id INTEGER PRIMARY KEY, campaign_id TEXT, player_id TEXT, command_key TEXT, from_account TEXT, to_account TEXT, amount INTEGER, reason TEXT, at TEXT);
    CREATE TABLE commands (campaign_id TEXT NOT NULL, player_id TEXT NOT NULL, key TEXT NOT NULL, payload TEXT, receipt TEXT, PRIMARY KEY (campaign_id, player_id, key)) WITHOUT ROWID;
  `);
  const counter = db.prepare('INSERT INTO counters VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET value = value + 1');
  const balance = db.prepare('INSERT INTO balances VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET balance = balance + excluded.balance');
  const ledger = db.prepare('INSERT INTO ledger (campaign_id, player_id, command_key, from_account, to_account, amount, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const command = db.prepare('INSERT INTO commands VALUES (?, ?, ?, ?, ?)');
  const tap = db.transaction((player: string, key: string) => {
    const at = new Date().toISOString();
    for (const name of ['task', 'task-total', 'earned', 'tasks-done']) counter.run('bench', player, name);
    balance.run('bench', '', 'issuance', -10);
    balance.run('bench', player, 'candy', 10);
    ledger.run('bench', player, key, 'issuance', `player|${player}`, 10, 'task', at);
    command.run('bench', player, key, '{"type":"task.complete","taskId":"tap"}', `{"key":"${key}","at":"${at}"}`);
  });
  app.post('/tap', (c) => {
    tap(c.req.header('x-player') ?? 'p0', c.req.header('idempotency-key') ?? '');
    return c.json({ ok: true });
  });
  close = () => db.close();
} else {
  throw new Error(`unknown baseline mode ${mode}`);
}

listen(app, close);
