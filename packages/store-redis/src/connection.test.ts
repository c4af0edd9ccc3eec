import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pingRedis } from './connection.ts';
import { freePort, redisForTests } from './testing.ts';

const redis = await redisForTests();

describe('pingRedis', () => {
  it('rejects at once with why, when nothing listens', async () => {
    const port = await freePort();
    await expect(pingRedis(`redis://127.0.0.1:${port}`, 2000)).rejects.toThrow(`connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('rejects within its timeout when something listens but never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const started = performance.now();
    try {
      await expect(pingRedis(`redis://127.0.0.1:${port}`, 200)).rejects.toThrow(/timed out/i);
      // Generous: the point is that it gives up, where a retrying client would wait on.
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });

  it.skipIf(!redis)('resolves when Redis answers', async () => {
    await expect(pingRedis(redis!.url, 2000)).resolves.toBeUndefined();
  });
});
