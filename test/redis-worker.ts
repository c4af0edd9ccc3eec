/**
 * A process of its own on the Redis store, for the race suites: it reads lines of JSON on stdin.
 * `{"load": [requests]}` prepares a batch and answers `ready` (the campaign loaded, the connection
 * warm); `{"go": true}` sends the whole batch at once and answers with the results, one JSON line.
 */
import { createInterface } from 'node:readline';
import type { CommandRequest, CommandResult } from '@carnival/core';
import { RedisStore } from '@carnival/store-redis';

const store = new RedisStore({ url: process.env.REDIS_URL, prefix: process.env.CARNIVAL_REDIS_PREFIX });
let batch: CommandRequest[] = [];

for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as { load?: CommandRequest[]; go?: true };
  if (message.load) {
    batch = message.load;
    if (batch[0]) await store.campaign(batch[0].campaignId);
    process.stdout.write('ready\n');
  } else if (message.go) {
    const results: CommandResult[] = await Promise.all(batch.map((request) => store.execute(request)));
    process.stdout.write(`${JSON.stringify(results)}\n`);
  }
}
await store.close();
