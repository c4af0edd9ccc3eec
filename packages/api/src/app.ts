import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { nanoid } from 'nanoid';
import {
  accounts,
  budgetBurn,
  campaignFor,
  couponValidAt,
  iso,
  lotteryState,
  luckyPacketState,
  OPERATOR_ID,
  orderAsOf,
  ordersOf,
  playerState,
  poolState,
  pricingRules,
  publishedDraw,
  PublishRefused,
  records,
  runPoolSettle,
  settleCart,
  settlementReport,
  shopperOf,
  validateCampaign,
  walletOf,
  type Campaign,
  type Clock,
  type Command,
  type CommandRequest,
  type CommandResult,
  type ManualClock,
  type OrderRecord,
  type Receipt,
  type Store,
} from '@carnival/core';
import { guards, PlayerTokens, type PlayerIdentity } from './auth.ts';
import { problem, ProblemError, type Failure } from './problem.ts';
import { defineRoutes, honoPath } from './routes.ts';
import { validationHook } from './validation.ts';

export interface AppOptions {
  store: Store;
  /** The campaign clock every rule sees. */
  clock: Clock;
  /** HMAC key of player tokens (HS256), shared with the host platform that signs them. */
  playerTokenSecret: string;
  /** The host platform's operator key for admin routes. */
  adminKey: string;
  /** Registers `POST /v1/dev/tokens`, which mints player tokens for anyone: development only. */
  dev?: boolean;
  /** The same clock as `clock` when QA may move it through `/v1/admin/clock`. */
  manualClock?: ManualClock;
  /** Where unexpected errors are reported; `console` when absent. */
  logger?: { error(message: string, error: unknown): void };
}

/** Body limits: play commands are tiny; a cart may have 500 lines; a campaign definition may be long. */
export const PLAY_BODY_LIMIT = 64 * 1024;
export const CART_BODY_LIMIT = 256 * 1024;
export const PUBLISH_BODY_LIMIT = 1024 * 1024;
const DEV_TOKEN_TTL_SECONDS = 24 * 60 * 60;

type ApiEnv = { Variables: { arrivedAt: number } };

/** The part of a handler's context a command needs (any route's context has it). */
interface CommandContext {
  header(name: string, value: string): void;
  var: { arrivedAt: number };
}

/**
 * The Carnival play API as a Hono app: players play with their token, the host platform
 * publishes campaigns and reports verified actions with the admin key, and every failure is
 * `application/problem+json`. Serve it with any Hono adapter.
 *
 * @example
 * import { serve } from '@hono/node-server';
 * import { MemoryStore, systemClock } from '@carnival/core';
 *
 * const app = createApp({ store: new MemoryStore(), clock: systemClock, playerTokenSecret: 's3cret', adminKey: 'k3y' });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(options: AppOptions) {
  const { store, clock, manualClock } = options;
  const logger = options.logger ?? console;
  const tokens = new PlayerTokens(options.playerTokenSecret);
  const routes = defineRoutes(guards(tokens, options.adminKey));
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook(routes) });

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problem(c, error.failure);
    const failure = httpFailure(error);
    if (failure) return problem(c, failure);
    logger.error(`Unexpected error in ${c.req.method} ${c.req.path}`, error);
    return problem(c, { code: 'INTERNAL' });
  });
  // A path the API serves, asked with a method it does not take, is 405 with the methods it does.
  const served = (Object.values(routes) as RouteConfig[])
    .filter((route) => route !== routes.devToken || options.dev)
    .map((route) => ({ method: route.method.toUpperCase(), pattern: new RegExp(`^${honoPath(route).replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(/:\w+/g, '[^/]+')}$`) }));
  app.notFound((c) => {
    const allowed = [...new Set(served.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))];
    if (allowed.length > 0) return problem(c, { code: 'METHOD_NOT_ALLOWED', method: c.req.method, path: c.req.path, allowed });
    return problem(c, { code: 'NOT_FOUND', method: c.req.method, path: c.req.path });
  });

  app.use(async (c, next) => {
    // Read once on arrival: every rule of this request sees the same instant.
    c.set('arrivedAt', clock.now());
    await next();
  });
  // Bodies are limited on the routes that read one. Elsewhere a body is never read (Node drops
  // it), and looking at it would make the Node adapter build a full web Request: measured, a
  // sixth of a task completion's time.
  const largeBodies = new Map<RouteConfig, number>([
    [routes.publishCampaign, PUBLISH_BODY_LIMIT],
    [routes.quote, CART_BODY_LIMIT],
    [routes.createOrder, CART_BODY_LIMIT],
  ]);
  for (const route of Object.values(routes) as RouteConfig[]) {
    // The dev route exists in dev mode only: elsewhere its path is an unknown route, whatever the body.
    if (!route.request?.body || (route === routes.devToken && !options.dev)) continue;
    const maxSize = largeBodies.get(route) ?? PLAY_BODY_LIMIT;
    app.on(route.method.toUpperCase(), honoPath(route), bodyLimit({ maxSize, onError: (c) => problem(c, { code: 'PAYLOAD_TOO_LARGE', limit: maxSize }) }));
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'playerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'HS256 JWT signed by the host platform: `sub` the player id, optional `newCustomer` (boolean) and `tier` claims, `exp` honoured.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The host platform\'s operator key.',
  });

  /**
   * Runs a command under the request's idempotency key (through `run`, for a command that is a
   * run of several, like a pool's settle); a refusal becomes a problem.
   */
  const execute = async (
    c: CommandContext,
    key: string | undefined,
    request: Omit<CommandRequest, 'key' | 'now'>,
    run: (request: CommandRequest) => Promise<CommandResult> = (r) => store.execute(r),
  ): Promise<Receipt> => {
    const commandKey = key ?? nanoid();
    c.header('Idempotency-Key', commandKey);
    const result = await run({ ...request, key: commandKey, now: c.var.arrivedAt });
    if (!result.ok) throw new ProblemError(result.error);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return result.receipt;
  };

  /** A command the token's player sends for themself, with the facts their token vouches for. */
  const byPlayer = (player: PlayerIdentity, campaignId: string, command: Command) =>
    ({ campaignId, playerId: player.playerId, actor: 'player', claims: player.claims, command }) as const;

  /** A command the host platform sends for a player: no token, so no claims vouched for. */
  const byHost = (campaignId: string, playerId: string, command: Command) => ({ campaignId, playerId, actor: 'host', claims: {}, command }) as const;

  const campaignOrThrow = async (campaignId: string) => {
    const campaign = await store.campaign(campaignId);
    if (!campaign) throw new ProblemError({ code: 'CAMPAIGN_NOT_FOUND', campaignId });
    return campaign;
  };

  const pricingOrThrow = (campaign: Campaign) => {
    const rules = pricingRules(campaign);
    if (!rules) throw new ProblemError({ code: 'PRICING_NOT_DEFINED', campaignId: campaign.definition.id });
    return rules;
  };

  /**
   * What a settlement may use of the player's state now, derived exactly as `order.create` derives
   * it (lapsed orders count as released), so a quote and the order placed after it agree.
   */
  const shopperIn = (campaign: Campaign, player: PlayerIdentity, now: number) =>
    store.read(campaign.definition.id, (view) => shopperOf(view, { playerId: player.playerId, now, tier: player.claims.tier, campaign }));

  const lotteryOrThrow = (campaign: Campaign, lotteryId: string) => {
    const lottery = campaign.lotteries.get(lotteryId);
    if (!lottery) throw new ProblemError({ code: 'LOTTERY_NOT_FOUND', lotteryId });
    return lottery;
  };

  const clockReading = () => ({ now: iso(clock.now()), mode: manualClock ? ('manual' as const) : ('system' as const), running: manualClock?.running ?? false });
  const manual = () => {
    if (!manualClock) throw new ProblemError({ code: 'CLOCK_NOT_MANUAL' });
    return manualClock;
  };

  const api = app
    .openapi(routes.health, (c) => c.json({ ok: true } as const, 200))
    .openapi(routes.listCampaigns, async (c) => c.json({ campaigns: await store.campaigns() }, 200))
    .openapi(routes.getCampaign, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      return c.json({ campaignId: campaign.definition.id, version: campaign.version, definition: campaign.definition }, 200);
    })
    .openapi(routes.publishCampaign, async (c) => {
      // The schema passed already; this adds what a schema cannot see (ids, references, windows).
      const checked = validateCampaign(c.req.valid('json'));
      if (!checked.ok) throw new ProblemError({ code: 'VALIDATION_FAILED', problems: checked.problems.map((p) => ({ in: 'body', ...p })) });
      const published = await store.publish(checked.value, { now: c.var.arrivedAt }).catch((error: unknown) => {
        throw error instanceof PublishRefused ? new ProblemError(error.error) : error;
      });
      return published.created ? c.json(published, 201) : c.json(published, 200);
    })
    .openapi(routes.playerCampaign, async (c) => {
      const campaign = campaignFor(await campaignOrThrow(c.req.valid('param').campaignId), c.var.player.playerId);
      return c.json({ campaignId: campaign.definition.id, version: campaign.version, definition: campaign.definition }, 200);
    })
    .openapi(routes.playerState, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      const { playerId } = c.var.player;
      const state = await store.read(campaign.definition.id, (view) => playerState(campaign, view, playerId, c.var.arrivedAt));
      return c.json(state, 200);
    })
    .openapi(routes.myLedger, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      const account = accounts.player(c.var.player.playerId).id;
      const entries = await store.ledger(campaign.definition.id, { account, limit: c.req.valid('query').limit });
      return c.json({ account, entries }, 200);
    })
    .openapi(routes.startTask, async (c) => {
      const { campaignId, taskId } = c.req.valid('param');
      const request = byPlayer(c.var.player, campaignId, { type: 'task.start', taskId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.completeTask, async (c) => {
      const { campaignId, taskId } = c.req.valid('param');
      const request = byPlayer(c.var.player, campaignId, { type: 'task.complete', taskId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.hostCompleteTask, async (c) => {
      const { campaignId, playerId, taskId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'task.complete', taskId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.createInvitation, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'invitation.create' });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.acceptInvitation, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'invitation.accept', code: c.req.valid('json').code });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.openBox, async (c) => {
      const { campaignId, boxId } = c.req.valid('param');
      const request = byPlayer(c.var.player, campaignId, { type: 'box.open', boxId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.quote, async (c) => {
      // Settled under my experiment variants' pricing, as my order would be.
      const campaign = campaignFor(await campaignOrThrow(c.req.valid('param').campaignId), c.var.player.playerId);
      const rules = pricingOrThrow(campaign);
      const shopper = await shopperIn(campaign, c.var.player, c.var.arrivedAt);
      // Settled outside the read: the best-coupon search is the costly part and needs no state.
      const quote = settleCart(rules, c.req.valid('json'), shopper, c.var.arrivedAt);
      if (!quote.ok) throw new ProblemError(quote.error);
      return c.json(quote.value, 200);
    })
    .openapi(routes.myCoupons, async (c) => {
      const now = c.var.arrivedAt;
      const { playerId, claims } = c.var.player;
      const campaign = campaignFor(await campaignOrThrow(c.req.valid('param').campaignId), playerId);
      const coupons = pricingRules(campaign)?.coupons;
      const instances = await store.read(campaign.definition.id, (view) => {
        // The shopper's coupons are the unused ones (a lapsed order's count as released); a
        // quote also needs them in their validity window, so "usable" asks both.
        const unused = new Set(shopperOf(view, { playerId, now, tier: claims.tier, campaign }).coupons.map((owned) => owned.id));
        return walletOf(view, playerId).instances.map((instance) => {
          const rule = coupons?.get(instance.couponId);
          const valid = rule !== undefined && couponValidAt(rule, now);
          return { ...instance, usable: valid && unused.has(instance.id) };
        });
      });
      return c.json({ instances }, 200);
    })
    .openapi(routes.claimCoupon, async (c) => {
      const { campaignId, couponId } = c.req.valid('param');
      const request = byPlayer(c.var.player, campaignId, { type: 'coupon.claim', couponId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.grantCoupon, async (c) => {
      const { campaignId, playerId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'coupon.grant', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.grantAllowance, async (c) => {
      const { campaignId, playerId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'allowance.grant', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.shareCart, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'cart.share', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.viewCart, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'cart.view', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.poolState, async (c) => {
      const { campaignId, poolId } = c.req.valid('param');
      const campaign = await campaignOrThrow(campaignId);
      const state = await store.read(campaign.definition.id, (view) => poolState(campaign, view, poolId, c.var.player.playerId));
      if (!state) throw new ProblemError({ code: 'POOL_NOT_FOUND', poolId });
      return c.json(state, 200);
    })
    .openapi(routes.sendLuckyPacket, async (c) => {
      const { campaignId, packetId } = c.req.valid('param');
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], byPlayer(c.var.player, campaignId, { type: 'lucky.send', packetId })), 200);
    })
    .openapi(routes.grabLuckyPacket, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'lucky.grab', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.luckyPacketState, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      const { code } = c.req.valid('query');
      const state = await store.read(campaign.definition.id, (view) => luckyPacketState(campaign, view, code, c.var.player.playerId, c.var.arrivedAt));
      if (!state) throw new ProblemError({ code: 'INVALID_SHARE_CODE' });
      return c.json(state, 200);
    })
    .openapi(routes.settlePool, async (c) => {
      const { campaignId, poolId } = c.req.valid('param');
      const request = byHost(campaignId, OPERATOR_ID, { type: 'pool.settle', poolId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request, (r) => runPoolSettle(store, r)), 200);
    })
    .openapi(routes.createOrder, async (c) => {
      const request = byPlayer(c.var.player, c.req.valid('param').campaignId, { type: 'order.create', ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.myOrders, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      const orders = await store.read(campaign.definition.id, (view) => ordersOf(view, c.var.player.playerId, c.var.arrivedAt));
      return c.json({ orders }, 200);
    })
    .openapi(routes.getOrder, async (c) => {
      const { campaignId, orderId } = c.req.valid('param');
      const campaign = await campaignOrThrow(campaignId);
      const order = await store.read(campaign.definition.id, (view) => view.record<OrderRecord>(c.var.player.playerId, records.order(orderId)));
      if (!order) throw new ProblemError({ code: 'ORDER_NOT_FOUND', orderId });
      return c.json(orderAsOf(order, c.var.arrivedAt), 200);
    })
    .openapi(routes.cancelOrder, async (c) => {
      const { campaignId, orderId } = c.req.valid('param');
      const request = byPlayer(c.var.player, campaignId, { type: 'order.cancel', orderId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.payOrder, async (c) => {
      const { campaignId, playerId, orderId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'order.pay', orderId, ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.hostCancelOrder, async (c) => {
      const { campaignId, playerId, orderId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'order.cancel', orderId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.refundOrder, async (c) => {
      const { campaignId, playerId, orderId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'order.refund', orderId, ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.lottery, async (c) => {
      const { campaignId, lotteryId } = c.req.valid('param');
      const campaign = await campaignOrThrow(campaignId);
      lotteryOrThrow(campaign, lotteryId);
      const state = await store.read(campaign.definition.id, (view) => lotteryState(campaign, view, lotteryId, c.var.player.playerId, c.var.arrivedAt));
      return c.json(state!, 200);
    })
    .openapi(routes.publishedDraw, async (c) => {
      const { campaignId, lotteryId } = c.req.valid('param');
      const campaign = await campaignOrThrow(campaignId);
      const lottery = lotteryOrThrow(campaign, lotteryId);
      const published = await store.read(campaign.definition.id, (view) => publishedDraw(campaign, view, lotteryId));
      if (!published) throw new ProblemError({ code: 'LOTTERY_NOT_DUE', lotteryId, drawAt: iso(Date.parse(lottery.drawAt)) });
      return c.json(published, 200);
    })
    .openapi(routes.drawLottery, async (c) => {
      const { campaignId, lotteryId } = c.req.valid('param');
      // The draw belongs to no player: it runs under the operator's id, as the host.
      const request = byHost(campaignId, OPERATOR_ID, { type: 'lottery.draw', lotteryId, ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.releaseLapsedPrizes, async (c) => {
      const { campaignId, lotteryId } = c.req.valid('param');
      const request = byHost(campaignId, OPERATOR_ID, { type: 'lottery.release', lotteryId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.grantTickets, async (c) => {
      const { campaignId, playerId, lotteryId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'lottery.grant', lotteryId, ...c.req.valid('json') });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.banFromLottery, async (c) => {
      const { campaignId, playerId, lotteryId } = c.req.valid('param');
      const request = byHost(campaignId, playerId, { type: 'lottery.ban', lotteryId });
      return c.json(await execute(c, c.req.valid('header')['Idempotency-Key'], request), 200);
    })
    .openapi(routes.settlementReport, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      const rules = pricingOrThrow(campaign);
      return c.json(await store.read(campaign.definition.id, (view) => settlementReport(view, rules)), 200);
    })
    .openapi(routes.budgets, async (c) => {
      const campaign = await campaignOrThrow(c.req.valid('param').campaignId);
      return c.json({ budgets: await store.read(campaign.definition.id, (view) => budgetBurn(view, campaign)) }, 200);
    })
    .openapi(routes.readClock, (c) => c.json(clockReading(), 200))
    .openapi(routes.setClock, (c) => {
      manual().set(Date.parse(c.req.valid('json').now));
      return c.json(clockReading(), 200);
    })
    .openapi(routes.advanceClock, (c) => {
      manual().advance(c.req.valid('json').seconds * 1000);
      return c.json(clockReading(), 200);
    });

  const withDevTokens = (base: typeof api) =>
    base.openapi(routes.devToken, async (c) => {
      const { playerId, newCustomer, tier } = c.req.valid('json');
      const claims = { ...(newCustomer === undefined ? {} : { newCustomer }), ...(tier === undefined ? {} : { tier }) };
      const { token, expiresAt } = await tokens.sign({ playerId, claims }, DEV_TOKEN_TTL_SECONDS);
      return c.json({ token, playerId, expiresAt: iso(expiresAt) }, 200);
    });
  // The dev route is in the type either way, so one client type serves both modes; without dev
  // mode it is not registered, so the server answers 404 and the document leaves it out.
  const full = options.dev ? withDevTokens(api) : (api as ReturnType<typeof withDevTokens>);

  full.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Carnival play API',
      version: '1.0.0',
      description:
        'Gamified campaign play: tasks, invitations, surprise boxes and a candy ledger; scheduled lotteries drawn by commit and ' +
        'reveal, which anyone can verify; and shopping: quotes, coupons and orders settled under the campaign\'s pricing. Failures are RFC 9457 ' +
        '`application/problem+json` with a stable `code`. Mutating routes honour `Idempotency-Key`: send your own key ' +
        'and reuse it on retries to make them safe.',
    },
  });
  return full;
}

/** Failures Hono and the validators raise as HTTP exceptions, in the problem vocabulary. */
function httpFailure(error: Error): Failure | undefined {
  if (!(error instanceof HTTPException)) return undefined;
  switch (error.status) {
    case 400:
      return { code: 'MALFORMED_JSON' };
    case 415:
      return { code: 'UNSUPPORTED_MEDIA_TYPE', expected: 'application/json' };
    default:
      return undefined;
  }
}

/** The app's type: the typed client (`createClient`) reads routes, inputs and outputs from it. */
export type AppType = ReturnType<typeof createApp>;
