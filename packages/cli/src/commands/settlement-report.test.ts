import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCampaign, type Command, type SettlementReport } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { settlementReportCommand } from './settlement-report.ts';

const NOW = Date.parse('2026-11-11T20:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'carnival-report-'));
const db = join(dir, 'carnival.db');

async function report(args: string[]) {
  const { io, out } = memoryIo();
  const code = await settlementReportCommand.run(args, io);
  return { code, ...out };
}

beforeAll(async () => {
  const checked = validateCampaign({
    id: 'shop',
    name: 'Shop',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    phases: [{ id: 'festival', name: 'Festival', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    pricing: {
      stores: [
        { id: 'S1', name: 'Tea House' },
        { id: 'S2', name: 'Cat Shop' },
      ],
      thresholds: [{ id: 'cross', title: 'Every ¥300 minus ¥50', kind: 'cross-store', mode: 'repeat', every: 30000, off: 5000, funding: { platformPercent: 60 } }],
    },
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const store = openSqliteStore({ path: db });
  await store.publish(checked.value, { seed: 'seed', now: NOW });
  let key = 0;
  const send = async (command: Command, actor: 'player' | 'host' = 'player') => {
    const result = await store.execute({ campaignId: 'shop', playerId: 'amy', key: `k${++key}`, command, actor, claims: {}, now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.receipt.outcome;
  };
  const placed = await send({ type: 'order.create', cart: { lines: [{ id: 'tea', sku: 'tea', store: 'S1', unitPrice: 20000, quantity: 1 }, { id: 'toy', sku: 'toy', store: 'S2', unitPrice: 20000, quantity: 1 }] } });
  if (placed.type !== 'order.created') throw new Error('expected an order');
  await send({ type: 'order.pay', orderId: placed.orderId }, 'host');
  await send({ type: 'order.refund', orderId: placed.orderId, lines: [{ lineId: 'toy', quantity: 1 }] }, 'host');
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('carnival settlement-report', () => {
  it('sums what the platform and each merchant funded, net of refunds', async () => {
    // ¥400 earned ¥50, ¥25 per store, the platform paying 60%; the Cat Shop line was refunded.
    const result = await report(['shop', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Discounts funded on paid orders of shop, net of refunds',
        '',
        'store           platform  merchant   total',
        'Tea House [S1]    ¥15.00    ¥10.00  ¥25.00',
        'Cat Shop [S2]      ¥0.00     ¥0.00   ¥0.00',
        'all stores        ¥15.00    ¥10.00  ¥25.00',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await report(['shop', '--db', db, '--json'])).stdout) as SettlementReport;
    expect(json.totals).toEqual({ platform: 1500, merchant: 1000, total: 2500 });
  });

  it('says so for an unknown campaign (1) and a missing database (2), creating nothing', async () => {
    expect(await report(['nope', '--db', db])).toMatchObject({ code: 1, stderr: expect.stringContaining('no campaign "nope"') });
    const missing = join(dir, 'missing.db');
    expect(await report(['shop', '--db', missing])).toMatchObject({ code: 2, stderr: expect.stringContaining(`no database at ${missing}`) });
    expect(await report(['--db', db])).toMatchObject({ code: 2 });
  });

  it('only reads: a file that is not a Carnival database is refused (2) and left as it was', async () => {
    const bytes = (path: string) => readFileSync(path).toString('base64');
    const text = join(dir, 'campaign.json');
    writeFileSync(text, '{"id": "shop"}\n');
    expect(await report(['shop', '--db', text])).toMatchObject({ code: 2, stderr: expect.stringContaining(`${text}: not a SQLite database`) });
    expect(readFileSync(text, 'utf8')).toBe('{"id": "shop"}\n');
    const other = join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE notes (x)');
    foreign.close();
    const before = bytes(other);
    expect(await report(['shop', '--db', other])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a Carnival database') });
    expect(bytes(other)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('other.db'))).toEqual(['other.db']);
    expect(await report(['shop', '--db', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining(`${dir}: cannot open it as a database`) });
  });

  it('refuses a database of another schema version rather than migrating it', async () => {
    const copy = join(dir, 'older.db');
    copyFileSync(db, copy);
    const older = new Database(copy);
    older.exec('UPDATE __drizzle_migrations SET created_at = created_at - 1');
    older.close();
    expect(await report(['shop', '--db', copy])).toMatchObject({ code: 2, stderr: expect.stringContaining('written by an older version of Carnival') });
  });
});
