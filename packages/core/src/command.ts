import { z } from 'zod';
import type { Campaign } from './campaign.ts';
import type { Credit } from './ledger.ts';
import type { Random } from './random.ts';
import { Cart, CouponChoice } from './settlement/cart.ts';
import type { CouponInstance } from './mechanics/coupons.ts';
import type { OrderRefund } from './mechanics/orders.ts';
import type { PoolResult } from './mechanics/pools.ts';
import type { SharedCartItem } from './mechanics/shared-carts.ts';

const orderId = () => z.string().min(1).max(64);

/** What a player (or the host platform on a player's behalf) asks the engine to do. */
export const Command = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('task.start'), taskId: z.string().min(1) }),
  z.strictObject({ type: z.literal('task.complete'), taskId: z.string().min(1) }),
  z.strictObject({ type: z.literal('invitation.create') }),
  z.strictObject({ type: z.literal('invitation.accept'), code: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('box.open'), boxId: z.string().min(1) }),
  z.strictObject({ type: z.literal('coupon.claim'), couponId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('coupon.grant'), couponId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('allowance.grant'), amount: z.int().min(1).max(1_000_000_000), memo: z.string().max(200).optional() }),
  z.strictObject({
    type: z.literal('order.create'),
    cart: Cart,
    coupons: CouponChoice.optional(),
    useMemberDiscount: z.boolean().optional(),
    useRedPackets: z.boolean().optional(),
    expectPayable: z.int().min(0).optional(),
    clearCart: z.strictObject({ lotteryId: z.string().min(1).max(64), ticket: z.string().min(1).max(64) }).optional(),
  }),
  z.strictObject({ type: z.literal('order.pay'), orderId: orderId(), part: z.enum(['deposit', 'balance', 'full']).optional() }),
  z.strictObject({ type: z.literal('order.cancel'), orderId: orderId() }),
  z.strictObject({
    type: z.literal('cart.share'),
    items: z
      .array(
        z.strictObject({
          sku: z.string().min(1).max(64),
          store: z.string().min(1).max(64),
          title: z.string().max(200).optional(),
          unitPrice: z.int().min(0).max(1_000_000_000),
          quantity: z.int().min(1).max(9_999),
        }),
      )
      .min(1)
      .max(100),
  }),
  z.strictObject({ type: z.literal('cart.view'), code: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('pool.settle'), poolId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('lucky.send'), packetId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('lucky.grab'), code: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('pool.pay'), poolId: z.string().min(1).max(64), batch: z.int().min(0).max(100_000_000) }),
  z.strictObject({ type: z.literal('lottery.grant'), lotteryId: z.string().min(1).max(64), count: z.int().min(1).max(1000) }),
  z.strictObject({ type: z.literal('lottery.ban'), lotteryId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('lottery.release'), lotteryId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('lottery.draw'), lotteryId: z.string().min(1).max(64), publicValue: z.string().min(1).max(512) }),
  z.strictObject({
    type: z.literal('order.refund'),
    orderId: orderId(),
    lines: z.array(z.strictObject({ lineId: z.string().min(1).max(64), quantity: z.int().min(1).max(9_999) })).min(1).max(500),
  }),
]);
export type Command = z.output<typeof Command>;

/** Facts the host platform vouches for, carried in the signed player token, never in a body. */
export interface PlayerClaims {
  newCustomer?: boolean;
  tier?: string;
}

export interface CommandRequest {
  campaignId: string;
  playerId: string;
  /** The idempotency key: one key, one effect. */
  key: string;
  command: Command;
  /** Who sends it: the player, or the host platform reporting for the player. */
  actor: 'player' | 'host';
  claims: PlayerClaims;
  /** The server clock's reading when the request arrived. */
  now: number;
}

/** Everything a rule may look at besides state: no clock or randomness of its own. */
export interface CommandContext {
  campaign: Campaign;
  playerId: string;
  key: string;
  actor: 'player' | 'host';
  claims: PlayerClaims;
  now: number;
  /** Campaign-local day of `now`. */
  day: string;
  /** Derived on first use from the campaign seed, the player and the key. */
  random(): Random;
}

export type Outcome =
  | { type: 'task.started'; taskId: string; readyAt: string; expiresAt: string }
  | {
      type: 'task.completed';
      taskId: string;
      candy: Credit;
      /** Check-in only: consecutive days including today, and the streak table day paid. */
      streak?: { days: number; tableDay: number };
      boxesEarned: readonly string[];
      /** Lottery tickets the completion earned (a lottery entry path), when any. */
      tickets?: readonly string[];
    }
  | { type: 'invitation.created'; code: string }
  | { type: 'invitation.accepted'; inviterId: string; newCustomer: boolean; inviter: Credit; friend: Credit }
  | {
      type: 'box.opened';
      boxId: string;
      paidWith: 'earned' | 'candy';
      paidCandy: number;
      /** The reward given (a box with nothing left to give is refused: `BOX_EMPTY`). */
      rewardId: string;
      candy: Credit | null;
      /** Cents paid to the player's red-packet balance from the box's budget. */
      cash: number | null;
      prize: string | null;
      /** Set when the drawn reward could not be given and the box's fallback was given instead. */
      fellBack: boolean;
      /** The reward first drawn when it could not be given (the reward given is `rewardId`), and why. */
      unavailable: { rewardId: string; reason: 'stock' | 'player-limit' | 'budget' } | null;
    }
  | { type: 'coupon.taken'; coupon: CouponInstance }
  | { type: 'allowance.granted'; amount: number; balance: number }
  | {
      type: 'order.created';
      orderId: string;
      payable: number;
      deposit: number;
      payBy: string;
      coupons: readonly string[];
      /** A clear-cart prize's part of `payable`, which the campaign pays: the shopper pays the rest. */
      paidByCampaign?: number;
    }
  | { type: 'order.paid'; orderId: string; status: 'deposit-paid' | 'paid'; amount: number }
  | { type: 'order.cancelled'; orderId: string; refunded: number; forfeited: number }
  /** `toBudget`: with a clear-cart prize, what the refunded goods return to the prize's budget. */
  | ({ type: 'order.refunded'; orderId: string; toBudget?: number } & Pick<OrderRefund, 'cash' | 'redPackets' | 'keptBack' | 'lines'>)
  | { type: 'cart.shared'; code: string; items: number }
  | { type: 'cart.viewed'; ownerId: string; items: readonly SharedCartItem[]; codes: readonly string[]; ownerCodes: number }
  | ({ type: 'pool.settled'; poolId: string } & PoolResult)
  | { type: 'lucky.sent'; packetId: string; code: string; amount: number; packets: number; expiresAt: string }
  /** I grabbed share `share` of `packets`; `luckiest` (手气最佳) is set by the grab that empties the packet. */
  | { type: 'lucky.grabbed'; packetId: string; senderId: string; amount: number; share: number; packets: number; luckiest: string | null }
  /** One batch of a settle run paid: `players` paid `paid` cents in all (0 and 0 when paid before). */
  | { type: 'pool.batch-paid'; poolId: string; batch: number; players: number; paid: number }
  | { type: 'lottery.tickets'; lotteryId: string; tickets: readonly string[] }
  | { type: 'lottery.banned'; lotteryId: string; playerId: string }
  | { type: 'lottery.released'; lotteryId: string; prizes: number; released: number }
  | { type: 'lottery.drawn'; lotteryId: string; ticketsHash: string; tickets: number; winners: number; paid: number; at: string };

/** A command's lasting answer: what happened, when, and under which definition version. */
export interface Receipt {
  key: string;
  campaignId: string;
  playerId: string;
  version: number;
  at: string;
  outcome: Outcome;
}
