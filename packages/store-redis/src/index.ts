export { RedisStore, type RedisStoreOptions } from './redis-store.ts';
export { CampaignKeys, campaignIndexKey } from './keys.ts';
export { redisForTests, type TestRedis } from './testing.ts';
