import { describe, expect, it, vi } from 'vitest';
import { describeError, MemoryStore, type CampaignDefinition, type DomainError } from '@carnival/core';
import { FAILURE_CODES, problemDocument, problemType } from './problem.ts';
import {
  ADMIN_KEY,
  CAMPAIGN,
  exampleCampaign,
  FLASH_UNTIL,
  harness,
  LOTTERY,
  LOTTERY_DRAW,
  LOTTERY_OPENS,
  lotteryCampaign,
  problemOf,
  shopCampaign,
  type Harness,
} from './testing.ts';

const base = `/v1/campaigns/${CAMPAIGN}`;

const complete = (h: Harness, token: string, taskId: string, key?: string) =>
  h.call('POST', `${base}/tasks/${taskId}/complete`, { token, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });
const start = (h: Harness, token: string, taskId: string) => h.call('POST', `${base}/tasks/${taskId}/start`, { token });
const shareCode = async (h: Harness, token: string) => {
  const response = await h.call('POST', `${base}/invitations`, { token });
  return ((await response.json()) as { outcome: { code: string } }).outcome.code;
};
const accept = (h: Harness, token: string, code: string) => h.call('POST', `${base}/invitations/accept`, { token, body: { code } });

// The shop: the player is `me`; the host reports for them under /players/me.
const KETTLE = { lines: [{ sku: 'kettle', store: 'S1', unitPrice: 15000, quantity: 1 }] };
const order = (h: Harness, token: string, body: Record<string, unknown> = {}) => h.call('POST', `${base}/orders`, { token, body: { cart: KETTLE, ...body } });
const placed = async (h: Harness, token: string, body: Record<string, unknown> = {}) =>
  ((await (await order(h, token, body)).json()) as { outcome: { orderId: string } }).outcome.orderId;
const claim = (h: Harness, token: string, couponId: string) => h.call('POST', `${base}/coupons/${couponId}/claim`, { token });
const asHost = (h: Harness, path: string, body?: unknown) => h.call('POST', `${base}/players/me${path}`, { token: ADMIN_KEY, ...(body === undefined ? {} : { body }) });
const paid = async (h: Harness, token: string) => {
  const orderId = await placed(h, token);
  await asHost(h, `/orders/${orderId}/pay`);
  return orderId;
};

// The lottery: open at 10:00 on Double 11, frozen from 20:00. The host acts for `me`.
const lotteryHost = (h: Harness, path: string, body?: unknown) =>
  h.call('POST', `${base}${path}`, { token: ADMIN_KEY, ...(body === undefined ? {} : { body }) });
const atTheFreeze = (h: Harness) => h.clock.set(Date.parse(LOTTERY_DRAW));
const isoOf = (instant: string) => new Date(instant).toISOString();

// Lucky packets: the example's team packet, ¥8.88 in five shares, sendable on Double 11.
const PACKET = 'team-lucky-packet';
const sendPacket = (h: Harness, token: string, packetId = PACKET) => h.call('POST', `${base}/lucky-packets/${packetId}/send`, { token });
const grab = (h: Harness, token: string, code: string) => h.call('POST', `${base}/lucky-packets/grab`, { token, body: { code } });
const sentBy = async (h: Harness, playerId: string) =>
  ((await (await sendPacket(h, await h.token(playerId))).json()) as { outcome: { code: string } }).outcome.code;

const edited = (edit: (definition: CampaignDefinition) => void) => {
  const definition = exampleCampaign();
  edit(definition);
  return definition;
};

interface Scenario {
  status: number;
  fields?: Record<string, unknown>;
  definition?: CampaignDefinition;
  /** Brings the player to the edge of the refusal; `act` then makes the request refused. */
  setup?: (h: Harness, me: string) => Promise<unknown>;
  act: (h: Harness, me: string, prepared: string) => Promise<Response>;
}

/** One way to meet every code, each from a fresh app whose clock reads 2026-11-11 10:00 +08:00. */
const SCENARIOS: Record<string, Scenario> = {
  CAMPAIGN_NOT_FOUND: { status: 404, fields: { campaignId: 'nope' }, act: (h, me) => h.call('POST', '/v1/campaigns/nope/tasks/daily-checkin/complete', { token: me }) },
  TASK_NOT_FOUND: { status: 404, fields: { taskId: 'nope' }, act: (h, me) => complete(h, me, 'nope') },
  BOX_NOT_FOUND: { status: 404, fields: { boxId: 'nope' }, act: (h, me) => h.call('POST', `${base}/boxes/nope/open`, { token: me }) },
  TASK_NOT_OPEN: { status: 409, fields: { taskId: 'browse-presale-list', opensAt: null }, act: (h, me) => start(h, me, 'browse-presale-list') },
  INVITATIONS_NOT_OPEN: {
    status: 409,
    fields: { opensAt: null },
    definition: edited((d) => delete d.invitations),
    act: (h, me) => accept(h, me, 'V1StGXR8_Z5j.4Nl0a8oQpb'),
  },
  BOX_NOT_OPEN: {
    status: 409,
    fields: { boxId: 'surprise-box', opensAt: null },
    definition: edited((d) => (d.boxes[0]!.phases = ['warmup-1'])),
    act: (h, me) => h.call('POST', `${base}/boxes/surprise-box/open`, { token: me }),
  },
  DAILY_LIMIT_REACHED: {
    status: 409,
    fields: { subject: 'task "share-venue"', limit: 3 },
    setup: async (h, me) => {
      for (let i = 0; i < 3; i++) await complete(h, me, 'share-venue');
    },
    act: (h, me) => complete(h, me, 'share-venue'),
  },
  TOTAL_LIMIT_REACHED: { status: 409, fields: { limit: 1 }, setup: (h, me) => complete(h, me, 'subscribe-reminder'), act: (h, me) => complete(h, me, 'subscribe-reminder') },
  ALREADY_CHECKED_IN: { status: 409, fields: { day: '2026-11-11' }, setup: (h, me) => complete(h, me, 'daily-checkin'), act: (h, me) => complete(h, me, 'daily-checkin') },
  WRONG_TASK_KIND: { status: 409, fields: { kind: 'checkin', expected: 'browse' }, act: (h, me) => start(h, me, 'daily-checkin') },
  HOST_VERIFIED_TASK: { status: 403, fields: { taskId: 'follow-tmall-supermarket' }, act: (h, me) => complete(h, me, 'follow-tmall-supermarket') },
  BROWSE_NOT_STARTED: { status: 409, act: (h, me) => complete(h, me, 'browse-farm') },
  BROWSE_TOO_EARLY: {
    status: 409,
    fields: { secondsRemaining: 10 },
    setup: async (h, me) => {
      await start(h, me, 'browse-farm');
      h.clock.advance(5_000);
    },
    act: (h, me) => complete(h, me, 'browse-farm'),
  },
  BROWSE_EXPIRED: {
    status: 409,
    setup: async (h, me) => {
      await start(h, me, 'browse-farm');
      h.clock.advance(1_801_000);
    },
    act: (h, me) => complete(h, me, 'browse-farm'),
  },
  INVALID_SHARE_CODE: { status: 422, act: (h, me) => accept(h, me, 'V1StGXR8_Z5j.4Nl0a8oQpb') },
  SELF_ASSIST: { status: 409, setup: (h, me) => shareCode(h, me), act: (h, me, code) => accept(h, me, code) },
  ALREADY_ASSISTED: {
    status: 409,
    setup: async (h, me) => {
      const code = await shareCode(h, await h.token('inviter'));
      await accept(h, me, code);
      return code;
    },
    act: (h, me, code) => accept(h, me, code),
  },
  INVITER_DAILY_CAP: {
    status: 409,
    fields: { limit: 10 },
    setup: async (h) => {
      const code = await shareCode(h, await h.token('inviter'));
      for (let i = 0; i < 10; i++) await accept(h, await h.token(`friend-${i}`), code);
      return code;
    },
    act: (h, me, code) => accept(h, me, code),
  },
  FRIEND_DAILY_CAP: {
    status: 409,
    fields: { limit: 3 },
    setup: async (h, me) => {
      for (let i = 0; i < 3; i++) await accept(h, me, await shareCode(h, await h.token(`inviter-${i}`)));
      return shareCode(h, await h.token('inviter-3'));
    },
    act: (h, me, code) => accept(h, me, code),
  },
  NO_BOX_TO_OPEN: {
    status: 409,
    definition: edited((d) => delete d.boxes[0]!.price),
    act: (h, me) => h.call('POST', `${base}/boxes/surprise-box/open`, { token: me }),
  },
  BEYOND_EXACT_INTEGERS: {
    status: 409,
    fields: { account: 'issuance' },
    // 10^13 candy a completion, no daily cap: 900 completions issue 9 × 10^15, the 901st would pass 2^53 − 1.
    definition: edited((d) => {
      d.wallet = undefined;
      d.tasks.push({ id: 'mint', kind: 'action', verifiedBy: 'player', title: 'Mint', reward: { candy: 10 ** 13 }, limits: { perDay: 1000 } });
    }),
    setup: async (h, me) => {
      for (let i = 0; i < 900; i++) await complete(h, me, 'mint');
    },
    act: (h, me) => complete(h, me, 'mint'),
  },
  BOX_EMPTY: {
    status: 409,
    fields: { boxId: 'surprise-box', reason: 'stock' },
    // One speaker in stock and nothing else to give, for 1 candy: another player's open takes it.
    definition: edited((d) => {
      d.boxes[0]!.price = { candy: 1 };
      d.boxes[0]!.rewards = [{ id: 'speaker', weight: 1, stock: 1, reward: { prize: 'Smart speaker' } }];
    }),
    setup: async (h, me) => {
      const first = await h.token('first');
      await complete(h, first, 'daily-checkin');
      await h.call('POST', `${base}/boxes/surprise-box/open`, { token: first });
      return complete(h, me, 'daily-checkin');
    },
    act: (h, me) => h.call('POST', `${base}/boxes/surprise-box/open`, { token: me }),
  },
  INSUFFICIENT_CANDY: {
    status: 409,
    fields: { needed: 200, balance: 20 },
    setup: (h, me) => complete(h, me, 'daily-checkin'),
    act: (h, me) => h.call('POST', `${base}/boxes/surprise-box/open`, { token: me }),
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    fields: { key: 'k-1' },
    setup: (h, me) => complete(h, me, 'daily-checkin', 'k-1'),
    act: (h, me) => complete(h, me, 'subscribe-reminder', 'k-1'),
  },
  IDEMPOTENCY_KEY_EXPIRED: {
    status: 409,
    fields: { key: 'k-1', ranAt: '2026-11-11T02:00:00.000Z' },
    setup: async (h, me) => {
      await complete(h, me, 'daily-checkin', 'k-1');
      h.clock.advance(24 * 3_600_000);
    },
    act: (h, me) => complete(h, me, 'daily-checkin', 'k-1'),
  },
  PRICING_NOT_DEFINED: {
    status: 404,
    fields: { campaignId: CAMPAIGN },
    definition: edited((d) => delete d.pricing),
    act: (h, me) => h.call('POST', `${base}/quote`, { token: me, body: { cart: KETTLE } }),
  },
  INVALID_CART: {
    status: 422,
    fields: { path: 'cart.fees[0].store', got: '"S9"' },
    definition: shopCampaign(),
    act: (h, me) => order(h, me, { cart: { ...KETTLE, fees: [{ store: 'S9', kind: 'shipping', amount: 800 }] } }),
  },
  COUPON_NOT_OWNED: { status: 422, fields: { coupon: 'S1-100-20#1' }, definition: shopCampaign(), act: (h, me) => order(h, me, { coupons: ['S1-100-20#1'] }) },
  COUPON_NOT_FOUND: { status: 404, fields: { couponId: 'nope' }, definition: shopCampaign(), act: (h, me) => claim(h, me, 'nope') },
  COUPON_NOT_VALID: {
    status: 422,
    fields: { coupon: 'flash-10#1', validUntil: FLASH_UNTIL },
    definition: shopCampaign(),
    setup: async (h) => {
      await asHost(h, '/coupons', { couponId: 'flash-10' });
      h.clock.set(Date.parse(FLASH_UNTIL));
    },
    act: (h, me) => order(h, me, { coupons: ['flash-10#1'] }),
  },
  COUPONS_NOT_STACKABLE: {
    status: 422,
    fields: { group: 'store', store: 'S1' },
    definition: shopCampaign(),
    setup: async (h, me) => {
      await claim(h, me, 'S1-100-20');
      await claim(h, me, 'S1-200-30');
    },
    act: (h, me) => order(h, me, { coupons: ['S1-100-20#1', 'S1-200-30#1'] }),
  },
  COUPON_NOT_CLAIMABLE: { status: 409, fields: { couponId: 'flash-10' }, definition: shopCampaign(), act: (h, me) => claim(h, me, 'flash-10') },
  COUPON_OUT_OF_STOCK: {
    status: 409,
    fields: { couponId: 'scarce' },
    definition: shopCampaign(),
    setup: async (h) => claim(h, await h.token('early-bird'), 'scarce'),
    act: (h, me) => claim(h, me, 'scarce'),
  },
  COUPON_ALREADY_RESERVED: {
    status: 409,
    fields: { coupon: 'S1-100-20#1' },
    definition: shopCampaign(),
    setup: async (h, me) => {
      await claim(h, me, 'S1-100-20');
      return placed(h, me);
    },
    act: (h, me) => order(h, me, { coupons: ['S1-100-20#1'] }),
  },
  COUPON_ALREADY_USED: {
    status: 409,
    fields: { coupon: 'S1-100-20#1' },
    definition: shopCampaign(),
    setup: async (h, me) => {
      await claim(h, me, 'S1-100-20');
      return paid(h, me);
    },
    act: (h, me) => order(h, me, { coupons: ['S1-100-20#1'] }),
  },
  QUOTE_CHANGED: { status: 409, fields: { expected: 14000, payable: 15000 }, definition: shopCampaign(), act: (h, me) => order(h, me, { expectPayable: 14000 }) },
  ORDER_NOT_FOUND: { status: 404, fields: { orderId: 'o-nope' }, definition: shopCampaign(), act: (h, me) => h.call('GET', `${base}/orders/o-nope`, { token: me }) },
  ORDER_ALREADY_PAID: {
    status: 409,
    definition: shopCampaign(),
    setup: (h, me) => paid(h, me),
    act: (h, me, orderId) => h.call('POST', `${base}/orders/${orderId}/cancel`, { token: me }),
  },
  ORDER_CLOSED: {
    status: 409,
    fields: { orderStatus: 'cancelled' },
    definition: shopCampaign(),
    setup: async (h, me) => {
      const orderId = await placed(h, me);
      await h.call('POST', `${base}/orders/${orderId}/cancel`, { token: me });
      return orderId;
    },
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/pay`),
  },
  ORDER_EXPIRED: {
    status: 409,
    fields: { payBy: '2026-11-11T02:30:00.000Z' },
    definition: shopCampaign(),
    setup: async (h, me) => {
      const orderId = await placed(h, me);
      h.clock.advance(30 * 60_000);
      return orderId;
    },
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/pay`),
  },
  PAYMENT_PART_INVALID: {
    status: 409,
    fields: { part: 'balance', expected: 'full' },
    definition: shopCampaign(),
    setup: (h, me) => placed(h, me),
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/pay`, { part: 'balance' }),
  },
  ORDER_NOT_PAID: {
    status: 409,
    fields: { orderStatus: 'created' },
    definition: shopCampaign(),
    setup: (h, me) => placed(h, me),
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/refund`, { lines: [{ lineId: 'L1', quantity: 1 }] }),
  },
  REFUND_LINE_NOT_FOUND: {
    status: 422,
    fields: { lineId: 'L9' },
    definition: shopCampaign(),
    setup: (h, me) => paid(h, me),
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/refund`, { lines: [{ lineId: 'L9', quantity: 1 }] }),
  },
  REFUND_EXCEEDS_PAID: {
    status: 409,
    fields: { lineId: 'L1', requested: 2, refundable: 1 },
    definition: shopCampaign(),
    setup: (h, me) => paid(h, me),
    act: (h, _, orderId) => asHost(h, `/orders/${orderId}/refund`, { lines: [{ lineId: 'L1', quantity: 2 }] }),
  },
  LOTTERY_NOT_FOUND: { status: 404, fields: { lotteryId: 'nope' }, definition: lotteryCampaign(), act: (h, me) => h.call('GET', `${base}/lotteries/nope`, { token: me }) },
  LOTTERY_NOT_OPEN: {
    status: 409,
    fields: { lotteryId: LOTTERY, opensAt: isoOf(LOTTERY_OPENS), drawAt: isoOf(LOTTERY_DRAW) },
    definition: lotteryCampaign(),
    setup: async (h) => atTheFreeze(h),
    act: (h) => lotteryHost(h, `/players/me/lotteries/${LOTTERY}/tickets`, { count: 1 }),
  },
  LOTTERY_FROZEN: {
    status: 409,
    fields: { lotteryId: LOTTERY, drawAt: isoOf(LOTTERY_DRAW) },
    definition: lotteryCampaign(),
    setup: async (h) => {
      await lotteryHost(h, `/players/me/lotteries/${LOTTERY}/tickets`, { count: 1 });
      atTheFreeze(h);
    },
    act: (h) => lotteryHost(h, `/players/me/lotteries/${LOTTERY}/ban`),
  },
  CLEAR_CART_NOT_AVAILABLE: {
    status: 409,
    fields: { lotteryId: 'double11-lucky-draw', ticket: 'NOT-MINE', reason: 'not-won' },
    act: (h, me) =>
      h.call('POST', `${base}/orders`, {
        token: me,
        body: { cart: { lines: [{ sku: 'tea', store: 'sansong-snacks', unitPrice: 1000, quantity: 1 }] }, clearCart: { lotteryId: 'double11-lucky-draw', ticket: 'NOT-MINE' } },
      }),
  },
  POOL_NOT_FOUND: { status: 404, fields: { poolId: 'nope' }, act: (h, me) => h.call('GET', `${base}/pools/nope`, { token: me }) },
  POOL_NOT_DUE: {
    status: 409,
    fields: { poolId: 'share-by-candy', settleAt: '2026-11-11T15:00:00.000Z' },
    act: (h) => h.call('POST', `${base}/pools/share-by-candy/settle`, { token: ADMIN_KEY }),
  },
  SHARED_CARTS_NOT_OFFERED: {
    status: 404,
    definition: edited((d) => delete d.sharedCarts),
    act: (h, me) => h.call('POST', `${base}/carts/share`, { token: me, body: { items: [{ sku: 'tea', store: 'S1', unitPrice: 100, quantity: 1 }] } }),
  },
  BUDGET_SPENT: {
    status: 409,
    fields: { budgetId: 'lucky-packets' },
    definition: edited((d) => (d.budgets.find((b) => b.id === 'lucky-packets')!.amount = 100)),
    act: (h, me) => sendPacket(h, me),
  },
  LUCKY_PACKET_NOT_FOUND: { status: 404, fields: { packetId: 'nope' }, act: (h, me) => sendPacket(h, me, 'nope') },
  LUCKY_PACKET_NOT_OPEN: {
    status: 409,
    fields: { packetId: PACKET, opensAt: null },
    definition: edited((d) => (d.luckyPackets[0]!.phases = ['warmup-1'])),
    act: (h, me) => sendPacket(h, me),
  },
  LUCKY_PACKET_OUT_OF_STOCK: {
    status: 409,
    fields: { packetId: PACKET },
    definition: edited((d) => (d.luckyPackets[0]!.stock = 1)),
    setup: async (h) => sentBy(h, 'friend'),
    act: (h, me) => sendPacket(h, me),
  },
  LUCKY_PACKET_EXPIRED: {
    status: 409,
    fields: { expiredAt: '2026-11-12T02:00:00.000Z' },
    setup: async (h) => {
      const code = await sentBy(h, 'friend');
      h.clock.advance(24 * 3_600_000);
      return code;
    },
    act: (h, me, code) => grab(h, me, code),
  },
  LUCKY_PACKET_EMPTY: {
    status: 409,
    fields: { packets: 1 },
    definition: edited((d) => (d.luckyPackets[0]!.packets = 1)),
    setup: async (h) => {
      const code = await sentBy(h, 'friend');
      await grab(h, await h.token('friend'), code);
      return code;
    },
    act: (h, me, code) => grab(h, me, code),
  },
  LUCKY_PACKET_ALREADY_GRABBED: {
    status: 409,
    fields: { amount: 888 },
    definition: edited((d) => (d.luckyPackets[0]!.packets = 1)),
    setup: async (h, me) => {
      const code = await sentBy(h, 'friend');
      await grab(h, me, code);
      return code;
    },
    act: (h, me, code) => grab(h, me, code),
  },
  LOTTERY_NOT_DUE: {
    status: 409,
    fields: { lotteryId: LOTTERY, drawAt: isoOf(LOTTERY_DRAW) },
    definition: lotteryCampaign(),
    setup: (h) => lotteryHost(h, `/players/me/lotteries/${LOTTERY}/tickets`, { count: 1 }),
    act: (h) => lotteryHost(h, `/lotteries/${LOTTERY}/draw`, { publicValue: 'drand round 5000000' }),
  },
  PUBLIC_VALUE_MALFORMED: {
    status: 422,
    fields: { lotteryId: LOTTERY, format: 'hex64' },
    // The randomness of a drand round, in upper case: one of the spellings a format rules out.
    definition: (() => {
      const definition = lotteryCampaign();
      definition.lotteries[0]!.publicValueFormat = 'hex64';
      return definition;
    })(),
    setup: async (h) => {
      await lotteryHost(h, `/players/me/lotteries/${LOTTERY}/tickets`, { count: 1 });
      return atTheFreeze(h);
    },
    act: (h) => lotteryHost(h, `/lotteries/${LOTTERY}/draw`, { publicValue: 'A'.repeat(64) }),
  },
  POOL_FROZEN: {
    status: 409,
    fields: { poolId: 'share-by-candy', settleAt: isoOf('2026-11-11T23:00:00+08:00') },
    // A minute after the split's moment, a version that makes the pool smaller.
    setup: async (h) => h.clock.set(Date.parse('2026-11-11T23:01:00+08:00')),
    act: (h) => h.call('POST', '/v1/campaigns', { token: ADMIN_KEY, body: edited((d) => (d.pools[0]!.amount -= 100)) }),
  },
  NOT_FOUND: { status: 404, fields: { method: 'DELETE', path: '/v1/nowhere' }, act: (h, me) => h.call('DELETE', '/v1/nowhere', { token: me }) },
  METHOD_NOT_ALLOWED: {
    status: 405,
    fields: { method: 'GET', path: `${base}/orders/o1/cancel`, allowed: ['POST'] },
    act: (h, me) => h.call('GET', `${base}/orders/o1/cancel`, { token: me }),
  },
  MALFORMED_JSON: { status: 400, act: (h, me) => h.call('POST', `${base}/invitations/accept`, { token: me, body: '{"code": "abc"' }) },
  VALIDATION_FAILED: {
    status: 422,
    fields: {
      problems: [
        { in: 'body', path: 'code', expected: 'a share code', got: '7' },
        { in: 'body', path: 'newCustomer', expected: 'no such field (check its spelling)', got: 'true' },
      ],
    },
    act: (h, me) => h.call('POST', `${base}/invitations/accept`, { token: me, body: { code: 7, newCustomer: true } }),
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    fields: { limit: 65_536 },
    act: (h, me) => h.call('POST', `${base}/invitations/accept`, { token: me, body: { code: 'x'.repeat(70_000) } }),
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    act: (h, me) => h.call('POST', `${base}/invitations/accept`, { token: me, body: 'code=abc', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
  },
};

describe('problem documents', () => {
  it('carry the standard members, the stable code and the error\'s own fields', () => {
    const error: DomainError = { code: 'BROWSE_TOO_EARLY', taskId: 'browse-farm', secondsRemaining: 3 };
    expect(problemDocument(error)).toEqual({
      type: 'https://carnival.dev/problems/browse-too-early',
      title: 'Browse too early',
      status: 409,
      detail: describeError(error),
      code: 'BROWSE_TOO_EARLY',
      taskId: 'browse-farm',
      secondsRemaining: 3,
    });
  });

  it('have type URIs made of the code', () => {
    expect(problemType('IDEMPOTENCY_CONFLICT')).toBe('https://carnival.dev/problems/idempotency-conflict');
  });
});

describe('every failure is problem+json with its code and status, and writes nothing', () => {
  it.each(Object.entries(SCENARIOS))('%s', async (code, scenario) => {
    const h = await harness(scenario.definition ? { definition: scenario.definition } : {});
    const me = await h.token('me');
    const prepared = String(await scenario.setup?.(h, me));
    const before = { ledger: await h.ledger(), state: await (await h.call('GET', `${base}/me`, { token: me })).text() };

    const response = await scenario.act(h, me, prepared);
    expect(response.status).toBe(scenario.status);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code, status: scenario.status, type: problemType(code as never), ...scenario.fields });
    expect(problem.detail.length).toBeGreaterThan(0);

    expect(await h.ledger()).toEqual(before.ledger);
    expect(await (await h.call('GET', `${base}/me`, { token: me })).text()).toBe(before.state);
  });

  it('covers every code but the ones the auth and clock tests meet', () => {
    // HOST_ONLY is the engine's own guard: over HTTP the admin guard answers FORBIDDEN first
    // (orders.test.ts), and no player route sends a host command. POOL_NOT_SETTLED answers a
    // batch payment before its settle, which no route sends: the settle route pays the batches
    // after the settle (core's pools.test.ts).
    const elsewhere = ['UNAUTHORIZED', 'FORBIDDEN', 'CLOCK_NOT_MANUAL', 'INTERNAL', 'HOST_ONLY', 'POOL_NOT_SETTLED'];
    expect(FAILURE_CODES.filter((code) => !elsewhere.includes(code) && !(code in SCENARIOS))).toEqual([]);
  });

  it('refuses a body nested far deeper than any field as invalid, not as a 500', async () => {
    const h = await harness();
    const body = `{"code":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await h.call('POST', `${base}/invitations/accept`, { token: await h.token('me'), body });
    expect(await problemOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', status: 422, problems: [{ path: 'code', got: '[[[[[[[["…"]]]]]]]]' }] });
  });

  it('says a share code too long is too long, in the words of the field', async () => {
    const h = await harness();
    const response = await h.call('POST', `${base}/invitations/accept`, { token: await h.token('me'), body: { code: 'x'.repeat(65) } });
    expect(await problemOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'code', expected: 'a share code of 1 to 64 characters' }] });
  });

  it('answers a declared Content-Length over the limit before reading the body', async () => {
    const h = await harness();
    const me = await h.token('me');
    const response = await h.call('POST', `${base}/invitations/accept`, { token: me, body: '{}', headers: { 'Content-Length': String(1 << 20) } });
    expect(await problemOf(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('turns an unexpected exception into a bare 500 INTERNAL and logs it', async () => {
    const store = new MemoryStore();
    store.execute = () => Promise.reject(new Error('disk on fire at /var/lib/secret.db'));
    const logger = { error: vi.fn() };
    const h = await harness({ store, logger });
    const response = await complete(h, await h.token('me'), 'daily-checkin', 'k-500');
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toMatch(/disk|secret|Error/);
    expect(await problemOf(response)).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(response.headers.get('idempotency-key')).toBe('k-500');
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('answers a served path asked with another method with 405 and the methods it takes', async () => {
    const h = await harness();
    const response = await h.call('DELETE', '/v1/campaigns', { token: ADMIN_KEY });
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await problemOf(response)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405, allowed: ['GET', 'POST'] });
    // The dev route takes POST in dev mode, and is no route at all outside it.
    expect(await problemOf(await h.call('GET', '/v1/dev/tokens'))).toMatchObject({ code: 'METHOD_NOT_ALLOWED', allowed: ['POST'] });
    expect(await problemOf(await (await harness({ dev: false })).call('GET', '/v1/dev/tokens'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an unknown route the same way, even with the admin key', async () => {
    const h = await harness();
    expect(await problemOf(await h.call('GET', '/v1/nope', { token: ADMIN_KEY }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
