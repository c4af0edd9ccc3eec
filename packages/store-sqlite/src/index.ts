export { openSqliteStore, SqliteStore, type CommitStats, type SqliteStoreOptions } from './sqlite-store.ts';
export { NotACarnivalDatabase } from './connection.ts';
