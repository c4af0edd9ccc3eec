import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface HttpFigure {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** What the server said about the run (group commit batching). */
  notes: string[];
}

/** Starts a benchmark server in its own process (so load and server each have a core). */
async function startServer(script: string, args: string[]): Promise<{ port: number; stop: () => Promise<string[]> }> {
  // BENCH_SERVER_FLAGS passes node flags to the server, e.g. '--cpu-prof' to profile it.
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  for (let line = await lines.next(); !line.done; line = await lines.next()) {
    const match = /^LISTEN (\d+)$/.exec(line.value);
    if (!match) continue;
    return {
      port: Number(match[1]),
      // Stops the server and returns what it noted about the run.
      stop: async () => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const notes: string[] = [];
        for (let rest = await lines.next(); !rest.done; rest = await lines.next()) {
          if (rest.value.startsWith('NOTE ')) notes.push(rest.value.slice(5));
        }
        await exited;
        return notes;
      },
    };
  }
  throw new Error(`${script} exited before listening`);
}

export interface Load {
  path: string;
  /** Headers for the n-th request: unique idempotency keys, rotating players. */
  headers: (n: number) => Record<string, string>;
}

export async function measureHttp(script: string, args: string[], load: Load, seconds: number, connections: number): Promise<HttpFigure> {
  const server = await startServer(script, args);
  try {
    let n = 0;
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            path: load.path,
            setupRequest: (request) => ({ ...request, headers: { 'content-type': 'application/json', ...load.headers(n++) } }),
          },
        ],
      });
    await run(1); // warm-up: JIT, page cache, prepared statements
    const result = await run(seconds);
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      notes: await server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
