import { join } from 'node:path';
import { createApp } from '@carnival/api';
import { noPublicValues, type Store } from '@carnival/core';
import { openSqliteStore } from '@carnival/store-sqlite';
// By path until @carnival/server lists @carnival/store-redis among its dependencies.
import { RedisStore } from '@carnival/store-redis';
import { campaignClock } from './clock.ts';
import { loadConfig, REPO_ROOT, type ServerConfig } from './config.ts';
import { publishExamples } from './examples.ts';
import { publicValuesFromFile, startScheduler } from './scheduler.ts';
import { startServer } from './server.ts';

/** The store CARNIVAL_STORE names, and how to say which it is. */
function openStore(config: ServerConfig): { store: Store; description: string } {
  if (config.store === 'redis') return { store: new RedisStore({ url: config.redisUrl }), description: `Redis at ${config.redisUrl}` };
  return { store: openSqliteStore({ path: config.dbPath, synchronous: config.synchronous }), description: `${config.dbPath} (synchronous=${config.synchronous})` };
}

/** `pnpm --filter @carnival/server start`: the play API on SQLite or Redis, configured by the environment. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(`carnival: cannot start; fix the environment:\n${loaded.errors.map((error) => `  ${error}`).join('\n')}`);
    process.exit(1);
  }
  const config = loaded.config;
  for (const warning of config.warnings) console.warn(`carnival: warning: ${warning}`);

  const { store, description: storeDescription } = openStore(config);
  try {
    if ((await store.campaigns()).length === 0) {
      await publishExamples(store, join(REPO_ROOT, 'examples'), { info: (line) => console.log(line), error: (line) => console.error(line) });
    }
    const { clock, manualClock, description } = await campaignClock(config.clock, store);
    const app = createApp({ store, clock, manualClock, playerTokenSecret: config.playerTokenSecret, adminKey: config.adminKey, dev: config.dev });
    const server = await startServer(app.fetch, config.host, config.port);

    console.log(`Carnival play API on ${server.url} (OpenAPI document: ${server.url}/openapi.json)`);
    console.log(`Store: ${storeDescription}`);
    console.log(`Clock: ${description}`);
    const scheduler =
      config.schedulerSeconds > 0
        ? startScheduler(store, clock, config.publicValuesPath ? publicValuesFromFile(config.publicValuesPath) : noPublicValues, config.schedulerSeconds * 1000, (line) => console.log(line))
        : undefined;
    if (scheduler) {
      console.log(`Scheduler: every ${config.schedulerSeconds} s (pools at settleAt, draws at drawAt once public values are in ${config.publicValuesPath ?? 'CARNIVAL_PUBLIC_VALUES (not set)'})`);
    }
    if (config.dev) {
      console.log(
        `Dev mode: mint a player token with\n  curl -s -X POST ${server.url}/v1/dev/tokens -H 'Content-Type: application/json' -d '{"playerId":"p1"}'`,
      );
    }

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) process.exit(1); // a second signal: the operator wants out now
      stopping = true;
      scheduler?.stop();
      console.log(`${signal}: closing the server, then the store`);
      try {
        await server.close();
      } finally {
        await store.close();
      }
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    await store.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error('carnival: failed to start:', error);
  process.exit(1);
});
