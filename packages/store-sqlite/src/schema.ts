import type { CampaignDefinition, Receipt } from '@carnival/core';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/*
 * The tables of the SQLite store, and the source `drizzle-kit generate` builds migrations from.
 *
 * drizzle cannot declare WITHOUT ROWID, so the generated CREATE TABLE of the cell tables
 * (counters, balances, records, commands) is edited by hand to add it: their rows are small
 * and always found by their composite key, so keeping them in the key's own b-tree saves a
 * second index write and lookup per cell. A later migration that rebuilds one of them must
 * keep the clause; a test checks it. Instants are UTC ISO-8601 text, amounts integers.
 *
 * A cell is addressed by (scope, name) as in the engine: the scope is a player id, or '' for
 * campaign-wide cells, so a player's cells sit together in each table's key order.
 */

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  /** Secret: the seed every version of the campaign draws with. Never leaves the server. */
  seed: text('seed').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Immutable published versions; the engine runs the latest. */
export const campaignVersions = sqliteTable(
  'campaign_versions',
  {
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    version: integer('version').notNull(),
    definition: text('definition', { mode: 'json' }).$type<CampaignDefinition>().notNull(),
    /** `canonicalDefinition` of the definition, to tell whether a publish changes anything. */
    canonical: text('canonical').notNull(),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.version] })],
);

export const counters = sqliteTable(
  'counters',
  {
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    scope: text('scope').notNull(),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.scope, t.name] })],
);

export const balances = sqliteTable(
  'balances',
  {
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    scope: text('scope').notNull(),
    name: text('name').notNull(),
    balance: integer('balance').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.scope, t.name] })],
);

/** Small JSON records; writing null deletes the row. */
export const records = sqliteTable(
  'records',
  {
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    scope: text('scope').notNull(),
    name: text('name').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.scope, t.name] })],
);

/**
 * The append-only double-entry ledger. `id` is the rowid: rows are never deleted, so it only
 * grows, without AUTOINCREMENT's extra write to sqlite_sequence on every posting.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey(),
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    version: integer('version').notNull(),
    playerId: text('player_id').notNull(),
    commandKey: text('command_key').notNull(),
    fromAccount: text('from_account').notNull(),
    toAccount: text('to_account').notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull(),
    memo: text('memo'),
    at: text('at').notNull(),
  },
  // "My ledger": an account's postings, newest first (the rowid ends each index entry).
  (t) => [
    index('ledger_entries_from').on(t.campaignId, t.fromAccount),
    index('ledger_entries_to').on(t.campaignId, t.toAccount),
  ],
);

/** Idempotency records: one per executed (not refused) command. */
export const commands = sqliteTable(
  'commands',
  {
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    playerId: text('player_id').notNull(),
    key: text('key').notNull(),
    /** Canonical JSON of the command, to tell a retry from another request under the key. */
    payload: text('payload').notNull(),
    receipt: text('receipt', { mode: 'json' }).$type<Receipt>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.playerId, t.key] })],
);
