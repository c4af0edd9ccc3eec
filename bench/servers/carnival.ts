import { createApp } from '@carnival/api';
import { ManualClock } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_NOW, benchCampaign } from '../campaign.ts';
import { listen } from './listen.ts';

/** The real play API on a fresh SQLite file, synchronous FULL or NORMAL as asked. */
export const BENCH_TOKEN_SECRET = 'bench-player-token-secret';
const synchronous = process.argv[2] === 'normal' ? 'NORMAL' : 'FULL';
const store = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'carnival-bench-')), 'carnival.db'), synchronous });
await store.publish(benchCampaign, { seed: 'bench-seed' });
// A running manual clock keeps the bench campaign open whatever the date the bench runs on.
const clock = new ManualClock(BENCH_NOW, { running: true });
const app = createApp({ store, clock, playerTokenSecret: BENCH_TOKEN_SECRET, adminKey: 'bench-admin-key' });
listen(app, () => {
  const { batches, commands } = store.stats;
  void store.close();
  return `group commit: ${commands.toLocaleString('en-US')} commands in ${batches.toLocaleString('en-US')} transactions, ${(commands / Math.max(1, batches)).toFixed(1)} per fsync`;
});
