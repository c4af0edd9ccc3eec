/**
 * Builders shared by the cross-store suites: fixture campaigns, requests, and reads of a
 * store's ledger and balances. Every campaign here is validated like a designer's would be.
 */
import {
  accountOfLedgerId,
  accounts,
  formatProblem,
  playerState,
  validateCampaign,
  type CampaignDefinition,
  type CampaignDefinitionInput,
  type Command,
  type CommandRequest,
  type CommandResult,
  type DomainError,
  type LedgerEntry,
  type PlayerState,
  type Receipt,
  type Store,
} from '@carnival/core';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Every fixture campaign runs on Shanghai time: UTC+8 all year, so a local day starts at 16:00Z. */
export const TIMEZONE = 'Asia/Shanghai';
const UTC_OFFSET = 8 * HOUR;

/** An instant as UTC ISO-8601, by the platform rather than the engine's own formatter. */
export const isoOf = (instant: number) => new Date(instant).toISOString();
/** The campaign-local date of an instant, computed without the engine's calendar. */
export const localDate = (instant: number) => new Date(instant + UTC_OFFSET).toISOString().slice(0, 10);
/** The first instant of the campaign-local day after the one `instant` falls in. */
export const nextLocalMidnight = (instant: number) => (Math.floor((instant + UTC_OFFSET) / DAY) + 1) * DAY - UTC_OFFSET;

export function campaignDefinition(input: CampaignDefinitionInput): CampaignDefinition {
  const result = validateCampaign(input);
  if (!result.ok) throw new Error(`invalid fixture campaign:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.value;
}

// ---------------------------------------------------------------------------------------------
// The contract campaign: one mechanic per contract clause, with limits that make races visible.

export const CONTRACT_SEED = 'contract-suite-seed';
/** Inside the contract campaign's only phase. */
export const CONTRACT_NOW = Date.parse('2026-11-05T12:00:00+08:00');
export const CONTRACT_INVITER_CAP = 10;
export const JACKPOT_STOCK = 3;
export const BOX_PRICE = 1_000;

export function contractCampaign(options: { id?: string; name?: string; tapReward?: number } = {}): CampaignDefinition {
  return campaignDefinition({
    id: options.id ?? 'contract-fest',
    name: options.name ?? 'Contract festival',
    timezone: TIMEZONE,
    currency: 'CNY',
    phases: [{ id: 'festival', name: 'Festival', start: '2026-11-01T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }],
    tasks: [
      { id: 'tap', kind: 'action', verifiedBy: 'player', title: 'Tap the cat', reward: { candy: options.tapReward ?? 1 }, limits: { perDay: 500 } },
      { id: 'subscribe', kind: 'action', verifiedBy: 'player', title: 'Subscribe', reward: { candy: 5 }, limits: { total: 1 } },
      { id: 'follow', kind: 'action', title: 'Follow the store (host reports it)', reward: { candy: 100 } },
    ],
    invitations: {
      reward: { inviter: { candy: 10 }, friend: { candy: 5 } },
      limits: { perInviterPerDay: CONTRACT_INVITER_CAP, perFriendPerDay: 3 },
    },
    boxes: [
      {
        id: 'lucky',
        title: 'Lucky box',
        earn: { everyTasks: 1 },
        price: { candy: BOX_PRICE },
        rewards: [
          // The jackpot is all but certain to be drawn while it lasts: only stock stops it.
          { id: 'jackpot', weight: 1_000_000, stock: JACKPOT_STOCK, reward: { prize: 'Giant cat plush' } },
          { id: 'thanks', weight: 1, reward: {} },
        ],
        whenOutOfStock: 'redraw',
      },
    ],
    pricing: {
      stores: [
        { id: 'S1', name: 'Store 1' },
        { id: 'S2', name: 'Store 2' },
      ],
      thresholds: [{ id: 'cross', title: 'Every ¥300 minus ¥50', kind: 'cross-store', mode: 'repeat', every: 30000, off: 5000 }],
      coupons: [
        { id: 'S1-100-20', title: '¥20 off ¥100 in Store 1', kind: 'store', store: 'S1', min: 10000, off: 2000, claim: { perPlayer: 1, stock: COUPON_STOCK } },
      ],
    },
    budgets: [
      { id: 'pool-money', title: 'Pool money', amount: CONTRACT_POOL },
      { id: 'lucky-money', title: 'Lucky packet money', amount: 100_000 },
    ],
    luckyPackets: [{ id: 'lucky-8.88', title: 'Lucky ¥8.88 for five', amount: 888, packets: 5, budget: 'lucky-money' }],
    pools: [{ id: 'share', title: 'Share by candy', amount: CONTRACT_POOL, budget: 'pool-money', settleAt: '2026-11-11T22:00:00+08:00' }],
  });
}

export const CONTRACT_POOL = 1_000_000;
/** The contract pool's settle time. */
export const CONTRACT_SETTLE = Date.parse('2026-11-11T22:00:00+08:00');

/** Instances of the contract campaign's claimable coupon. */
export const COUPON_STOCK = 10;

// ---------------------------------------------------------------------------------------------
// The model campaign: every mechanic with small limits, so random sequences run into all of them.

export const MODEL_SEED = 'model-suite-seed';
export const MODEL_PLAYERS = ['ann', 'bob', 'cat'] as const;
/** A quarter of an hour before the first phase ends at a campaign-local midnight. */
export const MODEL_START = Date.parse('2026-11-04T23:45:00+08:00');

export const modelCampaign = campaignDefinition({
  id: 'model-fest',
  name: 'Model festival',
  timezone: TIMEZONE,
  currency: 'CNY',
  phases: [
    { id: 'warmup', name: 'Warm-up', start: '2026-11-01T00:00:00+08:00', end: '2026-11-05T00:00:00+08:00' },
    { id: 'peak', name: 'Peak', start: '2026-11-05T00:00:00+08:00', end: '2026-11-08T00:00:00+08:00' },
  ],
  wallet: { dailyEarnCap: 60 },
  tasks: [
    { id: 'venue', kind: 'browse', title: 'Browse the venue', seconds: 10, ticketTtlSeconds: 60, reward: { candy: 15 }, limits: { perDay: 2, total: 3 } },
    {
      id: 'checkin',
      kind: 'checkin',
      title: 'Check in',
      reward: { candy: 5 },
      streak: { days: [{ day: 1, reward: { candy: 5 } }, { day: 2, reward: { candy: 10 } }, { day: 3, reward: { candy: 20 } }] },
    },
    { id: 'share', kind: 'action', verifiedBy: 'player', title: 'Share', reward: { candy: 20 }, limits: { perDay: 2, total: 4 } },
    { id: 'follow', kind: 'action', title: 'Follow (host reports it)', reward: { candy: 30 } },
    { id: 'cart', kind: 'action', verifiedBy: 'player', title: 'Add to cart', reward: { candy: 10 }, limits: { perDay: 3 }, phases: ['warmup'] },
  ],
  invitations: {
    reward: { inviter: { candy: 25 }, friend: { candy: 10 } },
    newCustomerReward: { inviter: { candy: 40 }, friend: { candy: 20 } },
    limits: { perInviterPerDay: 1, perFriendPerDay: 1 },
  },
  boxes: [
    {
      id: 'bag',
      title: 'Candy bag',
      earn: { everyTasks: 2 },
      price: { candy: 15 },
      limits: { perDay: 3 },
      rewards: [
        { id: 'gold', weight: 3, stock: 1, reward: { candy: 50 } },
        { id: 'plush', weight: 2, stock: 1, reward: { prize: 'Cat plush' } },
        { id: 'sweets', weight: 5, reward: { candy: 5 } },
        { id: 'thanks', weight: 2, reward: {} },
      ],
      whenOutOfStock: 'redraw',
    },
    {
      id: 'crate',
      title: 'Mystery crate',
      price: { candy: 10 },
      limits: { total: 2 },
      rewards: [
        { id: 'rare', weight: 5, stock: 1, reward: { candy: 40 } },
        { id: 'dud', weight: 1, reward: {} },
      ],
      whenOutOfStock: { fallback: 'dud' },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Requests and results.

/** Builds requests for one campaign with fresh idempotency keys, and sends them. */
export class Sender {
  #keys = 0;

  constructor(
    readonly store: Store,
    readonly campaignId: string,
    readonly now: number,
  ) {}

  request(playerId: string, command: Command, extra: Partial<CommandRequest> = {}): CommandRequest {
    return { campaignId: this.campaignId, playerId, key: `key-${++this.#keys}`, command, actor: 'player', claims: {}, now: this.now, ...extra };
  }

  send(playerId: string, command: Command, extra: Partial<CommandRequest> = {}): Promise<CommandResult> {
    return this.store.execute(this.request(playerId, command, extra));
  }

  /** Sends and insists on a fresh receipt. */
  async receipt(playerId: string, command: Command, extra: Partial<CommandRequest> = {}): Promise<Receipt> {
    return receiptOf(await this.send(playerId, command, extra));
  }
}

/** A receipt from this very call, not a replay. */
export const isFresh = (result: CommandResult) => result.ok && !result.replayed;

export function receiptOf(result: CommandResult): Receipt {
  if (!result.ok) throw new Error(`expected a receipt, got ${JSON.stringify(result.error)}`);
  return result.receipt;
}

export const refusal = (error: DomainError): CommandResult => ({ ok: false, error });

/** Command builders: the core tests' own, so both suites speak the same shorthand. */
export { cmd } from '../packages/core/src/testing.ts';

// ---------------------------------------------------------------------------------------------
// Reading a store back.

/** Far more than any suite writes: "the whole ledger". */
const WHOLE_LEDGER = 1_000_000;

/** Every posting of a campaign, oldest first. */
export async function wholeLedger(store: Store, campaignId: string): Promise<LedgerEntry[]> {
  return (await store.ledger(campaignId, { limit: WHOLE_LEDGER })).reverse();
}

/** The ledger ids of the campaign's accounts and these players'. */
export function ledgerAccounts(players: readonly string[]): string[] {
  return [accounts.issuance.id, accounts.redeemed.id, ...players.map((player) => accounts.player(player).id)];
}


/** Stored balances of the accounts with these ledger ids, read through `store.read`. */
function unknownAccount(id: string): never {
  throw new Error(`no account has the ledger id ${id}`);
}

export function storedBalances(store: Store, campaignId: string, names: readonly string[]): Promise<Record<string, number>> {
  return store.read(campaignId, (view) => Object.fromEntries(names.map((id) => [id, view.balance(accountOfLedgerId(id) ?? unknownAccount(id))])));
}

/** What the play page shows each player, read from the store's latest version of the campaign. */
export async function playerStates(store: Store, campaignId: string, players: readonly string[], now: number): Promise<PlayerState[]> {
  const campaign = await store.campaign(campaignId);
  if (!campaign) throw new Error(`no campaign ${campaignId}`);
  return store.read(campaignId, (view) => players.map((player) => playerState(campaign, view, player, now)));
}

/** Everything observable about some players: to show that a command wrote nothing. */
export async function observe(store: Store, campaignId: string, players: readonly string[], now: number) {
  return {
    ledger: await wholeLedger(store, campaignId),
    balances: await storedBalances(store, campaignId, ledgerAccounts(players)),
    players: await playerStates(store, campaignId, players, now),
  };
}
