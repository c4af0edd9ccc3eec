import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIo, run } from '@carnival/cli';

const example = (path: string) => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));

/**
 * `carnival backtest` of the example campaign over a file of `carts` carts: the example history
 * (examples/carts/history.jsonl) repeated, written to a temporary file a thousand lines at a time.
 * Run in a process of its own (`measureAlone('backtest', N)`): the peak resident memory is the
 * figure that says whether a file of millions of carts runs in constant memory.
 */
export async function benchBacktest(carts: number): Promise<{ carts: number; ms: number; perSecond: number; rssMiB: number }> {
  const history = readFileSync(example('carts/history.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const dir = mkdtempSync(join(tmpdir(), 'carnival-backtest-'));
  try {
    const file = join(dir, 'carts.jsonl');
    const fd = openSync(file, 'w');
    for (let written = 0; written < carts; ) {
      const batch: string[] = [];
      for (; batch.length < 1000 && written < carts; written++) batch.push(history[written % history.length]!);
      writeSync(fd, `${batch.join('\n')}\n`);
    }
    closeSync(fd);
    let stderr = '';
    const start = performance.now();
    const code = await run(['backtest', example('double11-cat-candy.json'), file, '--json'], { ...processIo, stdout: () => {}, stderr: (text) => void (stderr += text) });
    const ms = performance.now() - start;
    if (code !== 0) throw new Error(`carnival backtest exited ${code}: ${stderr}`);
    return { carts, ms: Math.round(ms), perSecond: Math.round(carts / (ms / 1000)), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
