import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { carnivalArgs, repositoryRoot } from './testing.ts';

let scratch: string | undefined;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/**
 * Runs `carnival simulate` as `pnpm carnival` does and, once its first progress line is out, sends
 * SIGINT (Ctrl-C) or SIGTERM (`kill`, `timeout`), or closes the pipe it writes to (its reader went
 * away, as `… 2>&1 | head -1`).
 */
function interruptedRun(store: 'memory' | 'sqlite', by: 'SIGINT' | 'SIGTERM' | 'closed pipe' = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; out: string; tmp: string }> {
  scratch = mkdtempSync(join(tmpdir(), 'carnival-interrupt-'));
  const out = join(scratch, 'report');
  const tmp = join(scratch, 'tmp');
  mkdirSync(tmp);
  // A closed pipe is noticed at the next progress line, a tenth of the run later: a smaller run.
  const players = by === 'closed pipe' ? '3000' : '20000';
  const args = carnivalArgs('simulate', 'examples/double11-cat-candy.json', '--players', players, '--store', store, '--out', out);
  // TMPDIR: the SQLite store's temporary database goes there, so the test can see it removed.
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, env: { ...process.env, TMPDIR: tmp } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    if (stderr.includes('simulate: ') && !child.stderr.destroyed) {
      if (by === 'closed pipe') child.stderr.destroy();
      else child.kill(by);
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr, out, tmp })));
}

describe('Ctrl-C on a running `carnival simulate`', () => {
  it.each(['memory', 'sqlite'] as const)('stops the run on the %s store, writes a partial report whose invariants hold, and exits 130', async (store) => {
    const run = await interruptedRun(store);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    const report = JSON.parse(readFileSync(join(run.out, 'report.json'), 'utf8'));
    expect(report.meta.partial).toBe(true);
    // Stopped early: the festival runs to 2026-11-12, and 20,000 players make ~650,000 commands.
    expect(report.meta.reached < '2026-11-11').toBe(true);
    expect(report.totals.commands).toBeLessThan(300_000);
    expect(report.invariants.length).toBeGreaterThan(0);
    expect(report.invariants.filter((i: { holds: boolean }) => !i.holds)).toEqual([]);
    expect(readFileSync(join(run.out, 'report.html'), 'utf8')).toContain('stopped early');
    expect(run.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(readdirSync(run.tmp).filter((name) => name.startsWith('carnival-simulate-'))).toEqual([]);
  }, 60_000);

  it('stops as on Ctrl-C on SIGTERM, cleans up its store, and exits 143 as a shell reports it', async () => {
    const run = await interruptedRun('sqlite', 'SIGTERM');
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 143, signal: null });
    const report = JSON.parse(readFileSync(join(run.out, 'report.json'), 'utf8'));
    expect(report.meta.partial).toBe(true);
    expect(report.invariants.filter((i: { holds: boolean }) => !i.holds)).toEqual([]);
    expect(readdirSync(run.tmp).filter((name) => name.startsWith('carnival-simulate-'))).toEqual([]);
  }, 60_000);

  it('stops as on Ctrl-C when its reader goes away, cleans up its store, and exits 141', async () => {
    const run = await interruptedRun('sqlite', 'closed pipe');
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 141, signal: null });
    const report = JSON.parse(readFileSync(join(run.out, 'report.json'), 'utf8'));
    expect(report.meta.partial).toBe(true);
    expect(report.invariants.filter((i: { holds: boolean }) => !i.holds)).toEqual([]);
    expect(readdirSync(run.tmp).filter((name) => name.startsWith('carnival-simulate-'))).toEqual([]);
  }, 60_000);
});
