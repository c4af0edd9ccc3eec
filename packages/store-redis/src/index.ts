export { RedisStore, type RedisStoreOptions } from './redis-store.ts';
export { CampaignKeys, campaignIndexKey } from './keys.ts';
export { deleteKeysWithPrefix } from './cleanup.ts';
export { pingRedis } from './connection.ts';
/** The client the store runs on, for tools that talk to the same Redis (benchmarks, stream consumers). */
export { Redis } from 'ioredis';
