import { openRedis } from './connection.ts';

/** Deletes every key under a store's prefix, leaving a shared Redis as a test or benchmark found it. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = openRedis(url);
  try {
    for (const pattern of [`{${prefix}:*`, `{${prefix}}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit();
  }
}
