import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchBacktest } from './backtest.ts';
import { benchLotteryDraw } from './lottery.ts';
import { benchPools } from './pools.ts';
import { benchSimulation } from './simulate.ts';

/**
 * The benchmarks of millions, each in a process of its own: their peak memory is the figure, and
 * it must not include what other benchmarks left on the heap. `node --import tsx bench/alone.ts
 * NAME` runs one and prints its figures as JSON; `measureAlone(NAME)` does that from the runner.
 */
const benchmarks = {
  pools: () => benchPools(),
  lottery: async () => benchLotteryDraw(),
  simulate: () => benchSimulation(Number(process.argv[3] ?? 100_000)),
  backtest: () => benchBacktest(Number(process.argv[3] ?? 1_000_000)),
} as const;

export type AloneBenchmark = keyof typeof benchmarks;

export async function measureAlone<N extends AloneBenchmark>(name: N, ...args: string[]): Promise<Awaited<ReturnType<(typeof benchmarks)[N]>>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), name, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2] as AloneBenchmark;
  if (!(name in benchmarks)) throw new Error(`unknown benchmark ${name}; one of ${Object.keys(benchmarks).join(', ')}`);
  console.log(JSON.stringify(await benchmarks[name]()));
}
