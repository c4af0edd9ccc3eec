import { createHash } from 'node:crypto';
import {
  availability,
  budgetBurn,
  campaignFor,
  catalogPricingKey,
  localDay,
  MemoryStore,
  priceCatalog,
  pricingRules,
  runDueWork,
  settleCart,
  shopperOf,
  suggestTopUp,
  taskLimits,
  type Campaign,
  type CampaignDefinition,
  type CartLine,
  type Command,
  type CommandRequest,
  type CommandResult,
  type Outcome,
  records,
  type OrderRecord,
  type PricedCatalog,
  type PricingRules,
  type Settlement,
  type Shopper,
  type Store,
} from '@carnival/core';
import { Agenda } from './agenda.ts';
import { localMidnights, VisitClock } from './curve.ts';
import { PlayerState, Slots } from './player-state.ts';
import { makePlayers, type SimPlayer } from './players.ts';
import type { Category, Population } from './population.ts';
import type { Rng } from './rng.ts';
import { PlayerTally, Tally } from './tally.ts';

/** The segment name under which the scheduler's own commands are counted. */
export const OPERATOR = 'operator';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Events between two turns of the event loop in a run that can be stopped: a few dozen ms of work. */
const EVENTS_BETWEEN_TURNS = 256;
const eventLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SimulationOptions {
  definition: CampaignDefinition;
  population: Population;
  players: number;
  seed: string;
  /** An empty store: the run publishes the campaign into it. */
  store: Store;
  /** Called about every `progressEvery` commands and at the end. */
  onProgress?: (progress: Progress) => void;
  progressEvery?: number;
  /** Stops the run between two events; the result is then partial. */
  signal?: AbortSignal;
}

export interface Progress {
  commands: number;
  /** Simulated time reached, and the span of the run. */
  at: number;
  from: number;
  to: number;
}

/** What a run leaves for its report: the campaign as run, the players, and what was observed. */
export interface SimulationRun {
  campaign: Campaign;
  players: readonly SimPlayer[];
  tallies: readonly PlayerTally[];
  tally: Tally;
  from: number;
  to: number;
  /** Simulated time reached: `to` unless the run was stopped. */
  reached: number;
  partial: boolean;
}

type SimEvent =
  | { kind: 'day'; midnight: number }
  | { kind: 'visit'; player: number }
  | { kind: 'browsed'; player: number; taskId: string }
  | { kind: 'assist'; friend: number; inviter: number }
  | { kind: 'grab'; player: number; code: string }
  | { kind: 'view'; player: number; code: string }
  | { kind: 'balance'; player: number; orderId: string }
  | { kind: 'due' }
  | { kind: 'sample' };

/** The seed the campaign runs under in a simulation: derived from the run's, so draws repeat. */
export const campaignSeedOf = (seed: string) => createHash('sha256').update(`carnival-sim|campaign|${seed}`).digest('hex');

/**
 * The public value a simulated lottery draw uses: known to nobody before the run reaches it, and
 * written as 64 lowercase hex digits, so it passes a lottery's `publicValueFormat` too.
 */
export const publicValueOf = (seed: string, lotteryId: string) => createHash('sha256').update(`sim|${seed}|${lotteryId}`).digest('hex');

/**
 * Runs a campaign over a synthetic population from its first phase to its last settle on a
 * simulated clock, through the store's engine and the same commands the API sends. Commands run
 * one at a time in agenda order, so a run is the same on every store and every machine.
 */
export async function simulate(options: SimulationOptions): Promise<SimulationRun> {
  return new Simulation(options).run();
}

class Simulation {
  readonly #store: Store;
  readonly #definition: CampaignDefinition;
  readonly #population: Population;
  readonly #seed: string;
  readonly #agenda = new Agenda<SimEvent>();
  readonly tally: Tally;
  readonly #options: SimulationOptions;
  #campaign!: Campaign;
  #players: SimPlayer[] = [];
  #tallies: PlayerTally[] = [];
  #state: PlayerState[] = [];
  readonly #slots = new Slots();
  #categories = new Map<string, Category>();
  #catalog: CartLine[] = [];
  /** The catalog as top-up suggestions take it. */
  #catalogItems: Omit<CartLine, 'quantity' | 'id'>[] = [];
  /**
   * The catalog priced, by the rules of a variant, then by what else pricing it reads
   * (`catalogPricingKey`: the shopper's tier, the phases open). The simulator's shoppers share
   * it, so it is priced a few times in a run, not once per top-up.
   */
  readonly #pricedCatalogs = new WeakMap<PricingRules, Map<string, PricedCatalog>>();
  #clock!: VisitClock;
  #from = 0;
  #to = 0;
  #now = 0;
  #dueMoments: number[] = [];
  /** When the last phase (the festival day) opens: presale balances are paid from then. */
  #lastPhaseStart = 0;
  /** Per segment, the chance per visit of placing an order: its orders spread over the visits it makes while shopping is open. */
  #orderChances: number[] = [];
  readonly #commands = new SharedCommands();
  /** The memory store answers at once: no promise per command where none is needed. */
  readonly #execute: (request: CommandRequest) => CommandResult | Promise<CommandResult>;
  /** Per segment, the chance of each of the definition's tasks per visit, in the definition's order. */
  #taskChances: Float64Array[] = [];
  readonly #playerIndex = new Map<string, number>();

  constructor(options: SimulationOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#definition = options.definition;
    this.tally = new Tally(options.definition.budgets);
    this.#population = options.population;
    this.#seed = options.seed;
    const store = options.store;
    this.#execute = store instanceof MemoryStore ? (request) => store.executeNow(request) : (request) => store.execute(request);
  }

  async run(): Promise<SimulationRun> {
    const definition = this.#definition;
    await this.#store.publish(definition, { seed: campaignSeedOf(this.#seed), now: Date.parse(definition.phases[0]!.start) });
    const campaign = await this.#store.campaign(definition.id);
    if (!campaign) throw new Error(`the store lost campaign ${definition.id}`);
    this.#campaign = campaign;
    const phases = definition.phases.map((p) => ({ start: Date.parse(p.start), end: Date.parse(p.end) }));
    this.#from = Math.min(...phases.map((p) => p.start));
    const settles = [...definition.pools.map((p) => Date.parse(p.settleAt)), ...definition.lotteries.map((l) => Date.parse(l.drawAt))];
    this.#dueMoments = [...new Set(settles)].sort((a, b) => a - b);
    this.#to = Math.max(...phases.map((p) => p.end), ...settles.map((t) => t + MINUTE));
    this.#lastPhaseStart = Math.max(...phases.map((p) => p.start));
    this.#clock = new VisitClock(this.#population.curve, this.#lastPhaseStart);
    this.#players = makePlayers(this.#population, this.#options.players, this.#seed);
    this.#tallies = this.#players.map(() => new PlayerTally());
    for (const player of this.#players) this.#playerIndex.set(player.id, player.index);
    this.#taskChances = this.#population.segments.map((segment) => Float64Array.from(definition.tasks, (task) => segment.tasks[task.id] ?? segment.tasks['*'] ?? 0));
    this.#state = this.#players.map(() => new PlayerState());
    this.#orderChances = this.#population.segments.map((segment) => (segment.shopping ? segment.shopping.orders / Math.max(1, this.#shoppingVisits(segment.shopping.phases, segment.activeDays, segment.visitsPerDay)) : 0));
    for (const category of this.#population.catalog) this.#categories.set(category.id, category);
    this.#catalog = this.#population.catalog.flatMap((c) => c.items.map((item) => cartLine(item, c.id, 1))).slice(0, 500);
    this.#catalogItems = this.#catalog.map(({ sku, store, unitPrice, category, tags }) => ({ sku, store, unitPrice, category, tags }));

    for (const midnight of localMidnights(this.#from, this.#to, definition.timezone)) this.#agenda.add(Math.max(midnight, this.#from), { kind: 'day', midnight });
    for (const at of this.#dueMoments) this.#agenda.add(at, { kind: 'due' });
    for (let at = this.#from; at <= this.#to; at += HOUR) this.#agenda.add(at, { kind: 'sample' });
    // And the end, unless it falls on the hour: one sample per instant.
    if ((this.#to - this.#from) % HOUR !== 0) this.#agenda.add(this.#to, { kind: 'sample' });
    this.#agenda.add(this.#to, { kind: 'due' });

    const every = this.#options.progressEvery ?? 50_000;
    let nextProgress = every;
    let partial = false;
    const signal = this.#options.signal;
    let events = 0;
    for (let next = this.#agenda.next(); next; next = this.#agenda.next()) {
      if (next.at > this.#to) break;
      // A store that answers synchronously (memory, SQLite) never lets the event loop run, and so
      // never the Ctrl-C handler that aborts the signal: give it a turn now and then.
      if (signal && ++events % EVENTS_BETWEEN_TURNS === 0) await eventLoopTurn();
      if (signal?.aborted) {
        partial = true;
        break;
      }
      this.#now = next.at;
      await this.#handle(next.event);
      if (this.tally.commands >= nextProgress) {
        nextProgress = this.tally.commands + every;
        this.#progress();
      }
    }
    this.#progress();
    return { campaign, players: this.#players, tallies: this.#tallies, tally: this.tally, from: this.#from, to: this.#to, reached: partial ? this.#now : this.#to, partial };
  }

  /** The store as the scheduler's due work sees it: every command it sends is observed too. */
  readonly #operator: Store = {
    publish: (definition, options) => this.#store.publish(definition, options),
    campaign: (id) => this.#store.campaign(id),
    campaigns: () => this.#store.campaigns(),
    read: (id, reader) => this.#store.read(id, reader),
    ledger: (id, query) => this.#store.ledger(id, query),
    postings: (id, pageSize) => this.#store.postings(id, pageSize),
    close: () => this.#store.close(),
    execute: async (request) => {
      const result = await this.#store.execute(request);
      this.#observe(undefined, request.command.type, result, OPERATOR);
      return result;
    },
  };

  #progress(): void {
    this.#options.onProgress?.({ commands: this.tally.commands, at: this.#now, from: this.#from, to: this.#to });
  }

  async #handle(event: SimEvent): Promise<void> {
    switch (event.kind) {
      case 'day':
        return this.#planDay(event.midnight);
      case 'visit':
        return this.#visit(this.#players[event.player]!);
      case 'browsed':
        return this.#finishBrowse(this.#players[event.player]!, event.taskId);
      case 'assist':
        return this.#assist(this.#players[event.friend]!, this.#players[event.inviter]!);
      case 'grab':
        await this.#send(this.#players[event.player]!, { type: 'lucky.grab', code: event.code });
        return;
      case 'view':
        await this.#send(this.#players[event.player]!, { type: 'cart.view', code: event.code });
        return;
      case 'balance':
        await this.#send(this.#players[event.player]!, { type: 'order.pay', orderId: event.orderId, part: 'balance' }, 'host');
        return;
      case 'due':
        await runDueWork(this.#operator, { now: () => this.#now }, { valueFor: async (_, lotteryId) => publicValueOf(this.#seed, lotteryId) });
        return;
      case 'sample': {
        const burns = await this.#store.read(this.#definition.id, (view) => budgetBurn(view, this.#campaign));
        this.tally.sample(this.#now, burns);
        return;
      }
    }
  }

  /** Each player decides whether they play today, and when they visit. */
  #planDay(midnight: number): void {
    for (const player of this.#players) {
      const { segment, rng } = player;
      if (!rng.chance(segment.activeDays)) continue;
      const visits = Math.max(1, rng.poisson(segment.visitsPerDay));
      for (let i = 0; i < visits; i++) {
        const at = this.#clock.at(midnight, rng);
        if (at >= this.#from && at < this.#to && at >= this.#now) this.#agenda.add(at, { kind: 'visit', player: player.index });
      }
    }
  }

  async #visit(player: SimPlayer): Promise<void> {
    const tally = this.#tallies[player.index]!;
    const state = this.#state[player.index]!;
    const day = this.#day();
    const campaign = campaignFor(this.#campaign, player.id);
    tally.visits++;
    state.on(day);
    if (state.visitDay !== day) {
      state.visitDay = day;
      tally.daysActive++;
      this.tally.day(day).visited++;
    }
    const { rng } = player;
    const chances = this.#taskChances[player.segmentIndex]!;
    const tasks = campaign.definition.tasks;
    for (let t = 0; t < tasks.length; t++) {
      const task = tasks[t]!;
      if (!rng.chance(chances[t]!) || !availability(campaign, task.phases, this.#now).open) continue;
      const limits = taskLimits(task);
      if (!state.allows(this.#slots.task(task.id), limits.perDay, limits.total) || state.total(this.#slots.browsing(task.id)) > 0) continue;
      if (task.kind === 'browse') {
        const started = await this.#send(player, this.#commands.start(task.id));
        if (started?.type === 'task.started') {
          state.add(this.#slots.browsing(task.id), 1);
          this.#agenda.add(Date.parse(started.readyAt) + SECOND + rng.below(30 * SECOND), { kind: 'browsed', player: player.index, taskId: task.id });
        }
      } else {
        await this.#send(player, this.#commands.complete(task.id), task.kind === 'action' && task.verifiedBy !== 'player' ? 'host' : 'player');
      }
    }
    await this.#openBoxes(player, campaign);
    await this.#social(player, campaign);
    await this.#shop(player, campaign);
  }

  async #finishBrowse(player: SimPlayer, taskId: string): Promise<void> {
    this.#state[player.index]!.add(this.#slots.browsing(taskId), -1);
    await this.#send(player, this.#commands.complete(taskId));
    await this.#openBoxes(player, campaignFor(this.#campaign, player.id));
  }

  async #openBoxes(player: SimPlayer, campaign: Campaign): Promise<void> {
    const state = this.#state[player.index]!;
    const tally = this.#tallies[player.index]!;
    const { segment, rng } = player;
    for (const box of campaign.definition.boxes) {
      if (!availability(campaign, box.phases, this.#now).open) continue;
      const opens = this.#slots.box(box.id);
      const earned = this.#slots.earned(box.id);
      const perDay = box.limits?.perDay;
      const total = box.limits?.total;
      if (rng.chance(segment.boxes)) {
        while (state.total(earned) > 0 && state.allows(opens, perDay, total)) {
          const opened = await this.#send(player, this.#commands.open(box.id));
          if (opened?.type !== 'box.opened') break;
        }
      }
      if (box.price && rng.chance(segment.buyBoxes) && tally.candy >= box.price.candy && state.allows(opens, perDay, total)) await this.#send(player, this.#commands.open(box.id));
    }
  }

  async #social(player: SimPlayer, campaign: Campaign): Promise<void> {
    const { segment, rng } = player;
    const state = this.#state[player.index]!;
    const invitations = campaign.definition.invitations;
    const invitationsOpen = invitations !== undefined && availability(campaign, invitations.phases, this.#now).open;
    const adversary = segment.adversary;
    if (invitationsOpen && (player.friends.length > state.invited || adversary?.kind === 'fake-friends' || adversary?.kind === 'self-assist')) {
      const code = await this.#shareCode(player);
      if (code !== undefined) {
        // Friends are invited over a few visits, a third of them at a time.
        const batch = Math.max(1, Math.ceil(player.friends.length / 3));
        const accept = segment.social?.accept ?? 0;
        for (const friend of player.friends.slice(state.invited, state.invited + batch)) {
          this.tally.invitationsSent++;
          if (rng.chance(accept)) this.#agenda.add(this.#now + MINUTE + Math.floor(rng.exponential(2 * HOUR)), { kind: 'assist', friend, inviter: player.index });
        }
        state.invited = Math.min(player.friends.length, state.invited + batch);
        // Adversaries try once on each day they play.
        const firstTry = state.adversaryDay !== this.#day();
        state.adversaryDay = this.#day();
        if (adversary?.kind === 'self-assist' && firstTry) await this.#send(player, { type: 'invitation.accept', code });
        if (adversary?.kind === 'fake-friends' && firstTry) {
          for (let i = 0; i < adversary.perDay; i++) {
            const fake = `${player.id}-fake${this.tally.fakes.length}`;
            this.tally.fakes.push({ id: fake, segment: player.segmentIndex });
            const result = await this.#store.execute(this.#request(fake, `assist`, { type: 'invitation.accept', code }, 'player', { newCustomer: true }));
            this.#observe(undefined, 'invitation.accept', result, segment.id);
            if (result.ok && !result.replayed) this.tally.fakeAssists++;
          }
        }
      }
    }
    const social = segment.social;
    if (!social) return;
    for (const packet of campaign.definition.luckyPackets) {
      if (!rng.chance(social.luckyPackets) || !availability(campaign, packet.phases, this.#now).open) continue;
      const sends = this.#slots.lucky(packet.id);
      if (!state.allows(sends, packet.limits?.perDay, packet.limits?.total)) continue;
      const sent = await this.#send(player, { type: 'lucky.send', packetId: packet.id });
      if (sent?.type !== 'lucky.sent') continue;
      state.count(sends);
      await this.#send(player, { type: 'lucky.grab', code: sent.code });
      for (const friend of player.friends.slice(0, packet.packets * 2)) {
        if (rng.chance(social.grab)) this.#agenda.add(this.#now + SECOND + Math.floor(rng.exponential(30 * MINUTE)), { kind: 'grab', player: friend, code: sent.code });
      }
    }
  }

  async #shareCode(player: SimPlayer): Promise<string | undefined> {
    const state = this.#state[player.index]!;
    if (state.code === undefined) {
      const created = await this.#send(player, { type: 'invitation.create' });
      if (created?.type === 'invitation.created') state.code = created.code;
    }
    return state.code;
  }

  async #assist(friend: SimPlayer, inviter: SimPlayer): Promise<void> {
    const code = this.#state[inviter.index]!.code!;
    const accepted = await this.#send(friend, { type: 'invitation.accept', code });
    if (accepted?.type !== 'invitation.accepted') return;
    this.tally.assists++;
    const friendTally = this.#tallies[friend.index]!;
    // The first assist that brings a player in makes the tree edge, unless it would close a loop.
    if (friendTally.parent === -1 && !this.#isAncestor(friend.index, inviter.index)) {
      friendTally.parent = inviter.index;
      this.#tallies[inviter.index]!.children++;
    }
  }

  #isAncestor(candidate: number, of: number): boolean {
    for (let at = of; at !== -1; at = this.#tallies[at]!.parent) if (at === candidate) return true;
    return false;
  }

  async #shop(player: SimPlayer, campaign: Campaign): Promise<void> {
    const shopping = player.segment.shopping;
    const rules = pricingRules(campaign);
    if (!shopping || !rules) return;
    if (!availability(campaign, shopping.phases, this.#now).open) return;
    const { rng, segment } = player;
    const state = this.#state[player.index]!;
    const social = segment.social;
    if (social && social.shareCart > 0 && campaign.definition.sharedCarts && rng.chance(social.shareCart)) {
      const items = this.#cart(player).map(({ sku, store, unitPrice, quantity }) => ({ sku, store, unitPrice, quantity }));
      const shared = await this.#send(player, { type: 'cart.share', items });
      if (shared?.type === 'cart.shared') {
        for (const friend of player.friends) {
          if (rng.chance(social.viewCart)) this.#agenda.add(this.#now + SECOND + Math.floor(rng.exponential(HOUR)), { kind: 'view', player: friend, code: shared.code });
        }
      }
    }
    if (!rng.chance(this.#orderChances[player.segmentIndex]!)) return;
    const useCoupons = rng.chance(shopping.coupons);
    if (useCoupons && !state.claimedCoupons) {
      state.claimedCoupons = true;
      for (const coupon of campaign.definition.pricing?.coupons ?? []) {
        if (coupon.claim && (coupon.validUntil === undefined || Date.parse(coupon.validUntil) > this.#now)) await this.#send(player, { type: 'coupon.claim', couponId: coupon.id });
      }
    }
    const coupons = useCoupons ? ('best' as const) : [];
    let lines = this.#cart(player);
    let toppedUp = 0;
    // Only a shopper minded to top up looks at the quote's hints: the order settles the cart anyway.
    if (rng.chance(shopping.topUp)) {
      const shopper = await this.#store.read(this.#definition.id, (view) => shopperOf(view, { playerId: player.id, now: this.#now, tier: player.claims.tier, campaign }));
      const quote = settleCart(rules, { cart: { lines }, coupons }, shopper, this.#now);
      const reachable = quote.ok ? quote.value.hints.find((h) => h.kind === 'threshold' && h.needed <= shopping.topUpWithin) : undefined;
      if (reachable) {
        const suggestion = suggestTopUp(this.#pricedCatalog(rules, shopper), reachable);
        if (suggestion && suggestion.adds <= 2 * shopping.topUpWithin) {
          const added = suggestion.items.map((item) => this.#catalog.find((c) => c.sku === item.sku && c.store === item.store)!);
          toppedUp = added.reduce((sum, line) => sum + line.unitPrice, 0);
          lines = mergeLines([...lines, ...added]);
        }
      }
    }
    if (useCoupons) await this.#collectCoupons(player, rules, lines);
    const created = await this.#send(player, { type: 'order.create', cart: { lines }, coupons }, 'host');
    if (created?.type !== 'order.created') return;
    const order = await this.#store.read(this.#definition.id, (view) => view.record<OrderRecord>(player.id, records.order(created.orderId)));
    this.#ordered(player, order!.settlement, toppedUp);
    if (created.deposit > 0) {
      if (!rng.chance(shopping.payDeposit)) return;
      const paid = await this.#send(player, { type: 'order.pay', orderId: created.orderId, part: 'deposit' }, 'host');
      if (paid?.type === 'order.paid') {
        this.#agenda.add(Math.max(this.#now, this.#lastPhaseStart) + MINUTE + Math.floor(rng.exponential(2 * HOUR)), { kind: 'balance', player: player.index, orderId: created.orderId });
      }
    } else await this.#send(player, { type: 'order.pay', orderId: created.orderId, part: 'full' }, 'host');
  }

  /**
   * The host-granted coupons the segment collects before an order (领券), each with its chance and
   * once: a store coupon only with an item of its store in the cart, as shoppers collect them on
   * the store's pages. A coupon past its validity is not offered.
   */
  async #collectCoupons(player: SimPlayer, rules: PricingRules, lines: readonly CartLine[]): Promise<void> {
    const { rng, segment } = player;
    const state = this.#state[player.index]!;
    for (const [couponId, chance] of Object.entries(segment.shopping!.collects)) {
      const coupon = rules.coupons.get(couponId);
      const slot = this.#slots.collected(couponId);
      if (!coupon || this.#now >= coupon.validUntil || state.total(slot) > 0) continue;
      const store = coupon.definition.kind === 'store' ? coupon.definition.store : undefined;
      if (store !== undefined && !lines.some((line) => line.store === store)) continue;
      if (!rng.chance(chance)) continue;
      const taken = await this.#send(player, { type: 'coupon.grant', couponId }, 'host');
      if (taken?.type === 'coupon.taken') state.count(slot);
    }
  }

  #pricedCatalog(rules: PricingRules, shopper: Shopper): PricedCatalog {
    let byPricingKey = this.#pricedCatalogs.get(rules);
    if (!byPricingKey) this.#pricedCatalogs.set(rules, (byPricingKey = new Map()));
    const key = catalogPricingKey(rules, shopper, this.#now);
    let priced = byPricingKey.get(key);
    if (!priced) byPricingKey.set(key, (priced = priceCatalog(rules, this.#catalogItems, shopper, this.#now)));
    return priced;
  }

  #ordered(player: SimPlayer, settlement: Settlement, toppedUp: number): void {
    const tally = this.#tallies[player.index]!;
    tally.orders++;
    tally.payable += settlement.payable;
    tally.discount += settlement.discount;
    const orders = this.tally.orders;
    orders.count++;
    orders.list += settlement.list;
    orders.discount += settlement.discount;
    orders.payable += settlement.payable;
    orders.platform += settlement.funding.platform;
    orders.merchant += settlement.funding.merchant;
    orders.costs.add(settlement);
    if (settlement.coupons.length > 0) orders.withCoupons++;
    for (const rule of settlement.rules) {
      if (rule.kind === 'threshold' && (rule.status === 'applied' || rule.status === 'capped')) orders.reached.set(rule.id, (orders.reached.get(rule.id) ?? 0) + 1);
    }
    if (toppedUp > 0) {
      orders.toppedUp++;
      orders.topUps.push(toppedUp);
    }
    const state = this.#state[player.index]!;
    if (state.today(Slots.ORDERS) === 0) this.tally.day(this.#day()).ordered++;
    state.count(Slots.ORDERS);
  }

  /** A cart of the segment's categories: distinct items, mostly one unit each. */
  #cart(player: SimPlayer): CartLine[] {
    const shopping = player.segment.shopping!;
    const { rng } = player;
    const categories = Object.entries(shopping.categories);
    const weights = categories.map(([, w]) => w);
    const count = shopping.lines.min + rng.below(shopping.lines.max - shopping.lines.min + 1);
    const lines: CartLine[] = [];
    for (let i = 0; i < count; i++) {
      const category = this.#categories.get(categories[rng.weighted(weights)]![0])!;
      const item = category.price && (category.items.length === 0 || rng.chance(category.price.share)) ? generatedItem(category.price, category.id, rng) : category.items[rng.below(category.items.length)]!;
      lines.push(cartLine(item, category.id, rng.chance(0.1) ? 2 : 1));
    }
    return mergeLines(lines);
  }

  /** Visits a player of the segment makes, on average, while `phases` (every phase when absent) are open. */
  #shoppingVisits(phases: readonly string[] | undefined, activeDays: number, visitsPerDay: number): number {
    let span = 0;
    for (const id of phases ?? this.#campaign.phaseIds) {
      const window = this.#campaign.phases.get(id);
      if (window) span += window.end - window.start;
    }
    return (span / (24 * HOUR)) * activeDays * Math.max(1, visitsPerDay);
  }

  #day(): string {
    return localDay(this.#now, this.#definition.timezone);
  }

  #request(playerId: string, key: string, command: Command, actor: 'player' | 'host', claims: CommandRequest['claims']): CommandRequest {
    return { campaignId: this.#definition.id, playerId, key, command, actor, claims, now: this.#now };
  }

  /**
   * Sends one command as the player's frontend (or the host platform) would, and notes what it
   * did; a retrying script sends it again under the same key. Answers the outcome, if accepted.
   */
  async #send(player: SimPlayer, command: Command, actor: 'player' | 'host' = 'player'): Promise<Outcome | undefined> {
    const state = this.#state[player.index]!;
    state.on(this.#day());
    const request = this.#request(player.id, this.#commands.key(state.nextKey++), command, actor, player.claims);
    const times = player.segment.adversary?.kind === 'retry' ? player.segment.adversary.times : 1;
    let first: CommandResult | undefined;
    for (let i = 0; i < times; i++) {
      const pending = this.#execute(request);
      const result = pending instanceof Promise ? await pending : pending;
      this.#observe(player, command.type, result, player.segment.id);
      first ??= result;
    }
    return first!.ok ? first!.receipt.outcome : undefined;
  }

  #observe(player: SimPlayer | undefined, type: string, result: CommandResult, segment: string): void {
    this.tally.count(type, result, segment);
    if (!result.ok) {
      if (player) this.#tallies[player.index]!.refused++;
      if (result.error.code === 'BUDGET_SPENT') this.tally.refused(result.error.budgetId, this.#now);
      if (result.error.code === 'BOX_EMPTY') {
        if (result.error.reason === 'budget') this.tally.refused(this.#campaign.boxes.get(result.error.boxId)!.budget!, this.#now);
        // The page says the box has nothing left: the player stops opening the boxes earned so far.
        if (player) {
          const state = this.#state[player.index]!;
          const earned = this.#slots.earned(result.error.boxId);
          state.add(earned, -state.total(earned));
        }
      }
      return;
    }
    if (result.replayed) return;
    const outcome = result.receipt.outcome;
    const tally = player && this.#tallies[player.index]!;
    const state = player && this.#state[player.index]!;
    const day = this.#day();
    switch (outcome.type) {
      case 'task.completed': {
        this.tally.completed(outcome.taskId, day);
        this.tally.candyCredited += outcome.candy.credited;
        if (tally && state) {
          tally.completions++;
          tally.candyEarned += outcome.candy.credited;
          tally.candy += outcome.candy.credited;
          state.count(this.#slots.task(outcome.taskId));
          state.completedToday++;
          if (state.completedToday === 1) this.tally.day(day).completedATask++;
          if (state.completedToday === 3) this.tally.day(day).completedThree++;
          for (const box of outcome.boxesEarned) state.add(this.#slots.earned(box), 1);
        }
        return;
      }
      case 'invitation.accepted': {
        this.tally.candyCredited += outcome.inviter.credited + outcome.friend.credited;
        const inviter = this.#indexOf(outcome.inviterId);
        if (inviter !== undefined) {
          this.#tallies[inviter]!.candy += outcome.inviter.credited;
          this.#tallies[inviter]!.candyEarned += outcome.inviter.credited;
        }
        if (tally) {
          tally.candy += outcome.friend.credited;
          tally.candyEarned += outcome.friend.credited;
        }
        return;
      }
      case 'box.opened': {
        const box = this.#campaign.boxes.get(outcome.boxId)!;
        this.tally.candyPaidForBoxes += outcome.paidCandy;
        this.tally.candyCredited += outcome.candy?.credited ?? 0;
        if (outcome.cash) this.tally.paid(box.budget!, outcome.cash, this.#now);
        if (outcome.unavailable?.reason === 'budget') this.tally.refused(box.budget!, this.#now);
        if (tally && state) {
          tally.candy += (outcome.candy?.credited ?? 0) - outcome.paidCandy;
          tally.candyEarned += outcome.candy?.credited ?? 0;
          // Boxes are earned by completing tasks alone, whose answers counted them above.
          if (outcome.paidWith === 'earned') state.add(this.#slots.earned(box.id), -1);
          if (state.today(Slots.BOXES) === 0) this.tally.day(day).openedABox++;
          state.count(Slots.BOXES);
          state.count(this.#slots.box(box.id));
        }
        return;
      }
      case 'lucky.grabbed': {
        const packet = this.#definition.luckyPackets.find((p) => p.id === outcome.packetId)!;
        this.tally.paid(packet.budget, outcome.amount, this.#now);
        return;
      }
      case 'lottery.drawn': {
        const lottery = this.#campaign.lotteries.get(outcome.lotteryId)!;
        if (outcome.paid > 0) this.tally.paid(lottery.budget!, outcome.paid, this.#now);
        return;
      }
      case 'pool.settled': {
        const pool = this.#campaign.pools.get(outcome.poolId)!;
        this.tally.paid(pool.budget, outcome.paid, this.#now);
        return;
      }
      default:
        return;
    }
  }

  #indexOf(playerId: string): number | undefined {
    return this.#playerIndex.get(playerId);
  }

}

/**
 * Commands are never changed once made, so one object per task or box serves every send. So are
 * the idempotency keys: a player's n-th command is sent under `c<n>`, and the store keeps every
 * key of every player (in its records and postings) for the whole run, so one string per n
 * serves them all.
 */
class SharedCommands {
  readonly #keys: string[] = [];
  readonly #starts = new Map<string, Command>();
  readonly #completes = new Map<string, Command>();
  readonly #opens = new Map<string, Command>();

  start(taskId: string): Command {
    return made(this.#starts, taskId, () => ({ type: 'task.start', taskId }));
  }
  complete(taskId: string): Command {
    return made(this.#completes, taskId, () => ({ type: 'task.complete', taskId }));
  }
  open(boxId: string): Command {
    return made(this.#opens, boxId, () => ({ type: 'box.open', boxId }));
  }
  key(n: number): string {
    return (this.#keys[n] ??= `c${n}`);
  }
}

function made<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/**
 * An item priced from the category's distribution: log-normal around the median, rounded up to a
 * shelf price ending in 9.90 (¥49.90) above ¥10, to whole 10 cents below. Its SKU names the
 * category and the price, so two carts with the same price share the item.
 */
function generatedItem(price: NonNullable<Category['price']>, category: string, rng: Rng): { sku: string; store: string; unitPrice: number; tags?: string[] } {
  const raw = Math.max(10, Math.round(rng.logNormal(price.median, price.spread)));
  const unitPrice = raw >= 1000 ? Math.ceil((raw + 10) / 1000) * 1000 - 10 : Math.ceil(raw / 10) * 10;
  const store = price.stores[rng.below(price.stores.length)]!;
  return { sku: `${category.slice(0, 40)}-${unitPrice}`, store, unitPrice, ...(price.tags ? { tags: price.tags } : {}) };
}

/** One line per SKU and store, quantities added, in first-seen order. */
function mergeLines(lines: readonly CartLine[]): CartLine[] {
  const merged = new Map<string, CartLine>();
  for (const line of lines) {
    const key = `${line.store}|${line.sku}`;
    const seen = merged.get(key);
    merged.set(key, seen ? cartLine(seen, seen.category, seen.quantity + line.quantity) : cartLine(line, line.category, line.quantity));
  }
  return [...merged.values()];
}

/**
 * A cart line made field by field: one shape for every line, with or without tags, where spreads
 * copied each item's own. Settlement reads every line of every cart, and reads of objects of
 * many shapes are slow (spreading catalog entries was an eighth of a top-up suggestion's time).
 */
function cartLine(item: Pick<CartLine, 'sku' | 'store' | 'unitPrice' | 'tags'>, category: string | undefined, quantity: number): CartLine {
  return { sku: item.sku, store: item.store, unitPrice: item.unitPrice, tags: item.tags, category, quantity };
}

