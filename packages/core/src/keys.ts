import { BoundedCache } from './bounded-cache.ts';

/**
 * Addresses of the cells the mechanics use, in one place so that every store and every read
 * model agrees on them. A cell is a (scope, name) pair: the scope is the player a cell belongs
 * to, or `CAMPAIGN` for campaign-wide cells, so a store can keep each player's cells together.
 * Player ids are never empty and never contain `|` (the API refuses them).
 */

/** The scope of campaign-wide cells: stock, share ids, the issuance and redeemed accounts. */
export const CAMPAIGN = '';

/*
 * Names are interned: the same parts give the same string object, found through maps keyed by
 * strings whose hashes V8 has already cached (literals, ids from the compiled definition, days
 * from localDay's cache). A freshly concatenated key is hashed on every first lookup, and each
 * command used to build five or six. Only bounded parts (kinds, definition ids, days) are
 * interned here; player and share ids are not, as they would grow the table without end (a
 * player's accounts are kept in a bounded cache of their own, below).
 */
const interned = new Map<string, BoundedCache<string, string>>();
// Far above any definition's ids times the days of a campaign; a cleared map only costs rebuilding.
const MAX_INTERNED = 10_000;

function name(prefix: string, part: string): string {
  let byPart = interned.get(prefix);
  if (!byPart) interned.set(prefix, (byPart = new BoundedCache(MAX_INTERNED)));
  return byPart.get(part) ?? byPart.add(part, `${prefix}|${part}`);
}

/** The name of every player's candy account, in the player's scope. */
export const CANDY = 'candy';

/** A ledger account: the cell holding its balance, and the id its postings carry in the ledger. */
export interface Account {
  readonly scope: string;
  readonly name: string;
  readonly id: string;
}

export const accounts = {
  /** Where candy is minted from; the only account that may go negative. */
  issuance: { scope: CAMPAIGN, name: 'issuance', id: 'issuance' } as Account,
  /** Where candy spent on boxes goes. */
  redeemed: { scope: CAMPAIGN, name: 'redeemed', id: 'redeemed' } as Account,
  player: (playerId: string): Account => playerAccount(playerId, CANDY, 'player'),
  /** Where red packets and shopping allowances (cash-like, in cents) are minted from; may go negative. */
  allowanceIssuance: { scope: CAMPAIGN, name: 'allowance-issuance', id: 'allowance-issuance' } as Account,
  /** A player's red-packet and allowance balance, in cents. */
  redPackets: (playerId: string): Account => playerAccount(playerId, 'red-packets', 'red-packets'),
  /** Red packets reserved by unpaid orders. */
  redPacketsHeld: { scope: CAMPAIGN, name: 'red-packets-held', id: 'red-packets-held' } as Account,
  /** Discounts paid from budgets on paid orders. */
  discountsPaid: { scope: CAMPAIGN, name: 'discounts-paid', id: 'discounts-paid' } as Account,
  /** What the campaign paid of winners' carts (clear-cart prizes). */
  clearCartsPaid: { scope: CAMPAIGN, name: 'clear-carts-paid', id: 'clear-carts-paid' } as Account,
  /** Red packets spent on paid orders. */
  redPacketsSpent: { scope: CAMPAIGN, name: 'red-packets-spent', id: 'red-packets-spent' } as Account,
  /** Where a budget's payouts come from; its hard limit is the `budgetSpent` counter's, not a balance. */
  budget: (budgetId: string): Account => {
    // Its id is its name, interned: one string per budget, hashed once by every map that keys postings by it.
    const cell = name('budget', budgetId);
    return { scope: CAMPAIGN, name: cell, id: cell };
  },
};

/*
 * A player's account is made afresh each time it is asked for: that is cheaper than finding it
 * in a map of every player, and no store hashes its id per posting (the memory store numbers a
 * player's accounts once, beside the player's cells).
 */
const playerAccount = (playerId: string, name: string, kind: string): Account => ({ scope: playerId, name, id: `${kind}|${playerId}` });

/** The account a ledger id names (the inverse of `Account.id`), or undefined for an id no account has. */
export function accountOfLedgerId(id: string): Account | undefined {
  for (const account of CAMPAIGN_ACCOUNTS) if (id === account.id) return account;
  const bar = id.indexOf('|');
  if (bar < 0) return undefined;
  const kind = id.slice(0, bar);
  const rest = id.slice(bar + 1);
  if (kind === 'player') return accounts.player(rest);
  if (kind === 'red-packets') return accounts.redPackets(rest);
  if (kind === 'budget') return accounts.budget(rest);
  return undefined;
}

const CAMPAIGN_ACCOUNTS = [accounts.issuance, accounts.redeemed, accounts.allowanceIssuance, accounts.redPacketsHeld, accounts.discountsPaid, accounts.clearCartsPaid, accounts.redPacketsSpent];

export const isUnboundedAccount = (account: Account) =>
  account.scope === CAMPAIGN &&
  (account.name === accounts.issuance.name || account.name === accounts.allowanceIssuance.name || account.name.startsWith('budget|'));

/** Names of a player's counters (scope: the player). */
export const counters = {
  earnedOn: (day: string) => name('earned', day),
  taskOn: (task: string, day: string) => name(name('task', task), day),
  taskTotal: (task: string) => name('task', task),
  tasksDone: 'tasks-done',
  boxesEarned: (box: string) => name('box-earned', box),
  boxesOpened: (box: string) => name('box-opened', box),
  /** Earned boxes opened: apart from `boxesOpened`, so a bought box never uses up an earned one. */
  earnedBoxesOpened: (box: string) => name('box-used', box),
  boxOpenedOn: (box: string, day: string) => name(name('box-opened', box), day),
  /** Clear-cart codes the player earned from shared carts, on a day and in all. */
  cartCodesOn: (day: string) => name('cart-codes', day),
  cartCodes: 'cart-codes',
  /** Whether this pair of players already earned from each other's carts (scope: the smaller id). */
  cartPair: (other: string) => `cart-pair|${other}`,
  /** Times the player won a reward of a box (for its `perPlayer` limit). */
  boxWins: (box: string, reward: string) => name(name('box-won', box), reward),
  /** Assists the player received as inviter on a day. */
  assistsReceivedOn: (day: string) => name('assists-in', day),
  /** Assists the player gave as friend on a day. */
  assistsGivenOn: (day: string) => name('assists-out', day),
  /** Whether the friend assisted this inviter (scope: the inviter). */
  assistPair: (friend: string) => `pair|${friend}`,
  couponClaims: (coupon: string) => name('coupon-claims', coupon),
  /** Candy the player spent (boxes bought); with the balance, the candy earned, a pool's `earned` basis. */
  candySpent: 'candy-spent',
  /**
   * 1 + the player's basis for a pool as of its `settleAt` (held, or earned), kept just before
   * their candy first changes at or after it; "1 +" tells a basis of 0 from none kept.
   */
  poolBasis: (pool: string) => name('pool-basis', pool),
  /** Lucky packets the player sent, on a day and in all. */
  luckySentOn: (packet: string, day: string) => name(name('lucky-sent', packet), day),
  luckySent: (packet: string) => name('lucky-sent', packet),
  /** What the member discount saved the player in a campaign-local month (`2026-11`). */
  memberSavedIn: (month: string) => name('member-saved', month),
};

/** Names of campaign-wide counters (scope: `CAMPAIGN`). */
export const campaignCounters = {
  stockUsed: (box: string, reward: string) => name(name('stock', box), reward),
  couponsClaimed: (coupon: string) => name('coupon-stock', coupon),
  /** What a budget paid out; its limit is the budget's amount. */
  budgetSpent: (budget: string) => name('budget-spent', budget),
  /** What a budget holds for payouts promised but not yet made (a clear-cart winner's payment window). */
  budgetReserved: (budget: string) => name('budget-reserved', budget),
  /** Discounts on paid orders funded by the platform or by a store's merchant (`platform`, `merchant`). */
  funded: (store: string, by: 'platform' | 'merchant') => name(name('funded', by), store),
  /** Lucky packets of a kind sent over the campaign; its limit is the packet's stock. */
  luckyStock: (packet: string) => name('lucky-stock', packet),
  /** Payout batches of a pool's settle run paid so far; its limit is the run's batch count. */
  poolBatchesPaid: (pool: string) => name('pool-batches-paid', pool),
};

/** Names of a player's records (scope: the player). */
export const records = {
  browseTicket: (task: string) => name('browse', task),
  checkin: (task: string) => name('checkin', task),
  shareCode: 'share',
  /** A friend's assist of this inviter (scope: the inviter); listed by `assistPrefix`. */
  assist: (friend: string) => `assist|${friend}`,
  assistPrefix: 'assist|',
  /** The player's coupon instances, in one record: claims, reservations and use change it atomically. */
  coupons: 'coupons',
  /** Ids of the player's orders that are neither paid in full nor closed. */
  openOrders: 'orders-open',
  order: (orderId: string) => `order|${orderId}`,
  /** A clear-cart prize the player won with a ticket (`ClearCartPrize`). */
  clearCartPrize: (lottery: string, ticket: string) => `clear-cart|${lottery}|${ticket}`,
  /** What a pool paid the player. */
  poolPayout: (pool: string) => name('pool-payout', pool),
  /** The player's shared cart snapshot, and its share id. */
  sharedCart: 'shared-cart',
  /** The codes of the player's tickets in a lottery, in the order issued. */
  tickets: (lottery: string) => name('tickets', lottery),
  orderPrefix: 'order|',
};

/** Names of campaign-wide records (scope: `CAMPAIGN`). */
export const campaignRecords = {
  /** The player a share id belongs to. */
  sharer: (shareId: string) => `sharer|${shareId}`,
  /** The player a shared cart's share id belongs to. */
  cartSharer: (shareId: string) => `cart-sharer|${shareId}`,
  /** A lottery ticket, `{ code, playerId }`; listed by `ticketPrefix` to freeze the list. */
  ticket: (lottery: string, code: string) => `ticket|${lottery}|${code}`,
  ticketPrefix: (lottery: string) => `ticket|${lottery}|`,
  /** Players whose tickets a lottery excludes. */
  lotteryBans: (lottery: string) => `lottery-bans|${lottery}`,
  /** A pool's settle run, once settled. */
  poolResult: (pool: string) => `pool-result|${pool}`,
  /** One batch of a settle run's payouts, `PoolBatch`, deleted once paid. */
  poolBatch: (pool: string, batch: number) => `pool-batch|${pool}|${batch}`,
  /** A sent lucky packet by its share id (`LuckyPacketRecord`): its shares and who grabbed them. */
  luckyPacket: (shareId: string) => `lucky|${shareId}`,
  /** A lottery's draw, once drawn. */
  lotteryResult: (lottery: string) => `lottery-result|${lottery}`,
};

/**
 * A player id: 1 to 128 characters, none of them '|' (the store's key separator), a control
 * character or a lone surrogate half. Every id it admits can hold a lottery ticket and be drawn:
 * a draw's ticket file is lines of UTF-8, which neither control characters nor a lone surrogate
 * survive (lottery-draw.ts refuses them, so an id the door let in made a frozen draw impossible).
 */
export const PLAYER_ID = /^[^|\p{Cc}\p{Cs}]{1,128}$/u;
/** What `PLAYER_ID` admits, as a validation message says it. */
export const PLAYER_ID_RULE = 'a player id of 1 to 128 characters without "|", control characters or lone surrogates';
