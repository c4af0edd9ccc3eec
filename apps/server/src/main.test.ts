import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Receipt } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
import { REPO_ROOT } from './config.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  // A failed test must not leave its server running.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Runs the server as `pnpm start` would, from a directory that is not the repository. */
function run(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'carnival-main-'));
  dirs.push(cwd);
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const output: string[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => output.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  const url = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /^Carnival play API on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`exited before listening:\n${output.join('\n')}`)));
  });
  return { child, cwd, output, url };
}

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
    server.child.kill('SIGKILL');
    await once(server.child, 'exit');

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

  it('refuses to start without secrets outside development', async () => {
    const server = run({ PORT: '0' });
    await expect(server.url).rejects.toThrow(/CARNIVAL_PLAYER_TOKEN_SECRET: expected a secret/);
    expect(server.child.exitCode).toBe(1);
  });
});
