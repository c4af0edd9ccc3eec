import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection whose failures reach its callers as failed commands, and `report` once an outage:
 * when the connection is lost and when it is back. ioredis prints each 'error' event nobody
 * listens to, with its stack, so a Redis that is down would flood stderr with one per reconnect.
 */
export function openRedis(url: string, options: RedisOptions = {}, report: (message: string) => void = () => {}): Redis {
  const redis = new Redis(url, options);
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    report(`Redis at ${withoutPassword(url)}: ${error.message}; reconnecting`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    report(`Redis at ${withoutPassword(url)}: connected again`);
  });
  return redis;
}

/** The URL as a log line may show it. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

/**
 * Connects to the Redis at `url` once, without retrying, and asks for PONG: rejects with the
 * reason (`connect ECONNREFUSED 127.0.0.1:6379`) within twice `timeoutMs` (to connect, then to
 * answer). For a tool to check Redis before a long run, rather than find out halfway through.
 */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  // Each step gets timeoutMs and one try. No ready check: it waits out a Redis still loading its
  // data, for as long as that takes, where PING says so at once.
  const redis = openRedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    disconnectTimeout: timeoutMs,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // connect() rejects with a bare "Connection is closed."; why it closed comes as an 'error' event.
  let reason: unknown;
  redis.on('error', (error) => void (reason ??= error));
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`answered PING with ${answer}`);
  } catch (error) {
    throw reason ?? error;
  } finally {
    // A connection that failed has ended; disconnecting it again would hold the process for
    // disconnectTimeout, waiting for a close that already happened.
    if (redis.status !== 'end') redis.disconnect();
  }
}
