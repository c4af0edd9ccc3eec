import { readFileSync } from 'node:fs';
import { ManualClock, MemoryStore, validateCampaign, type CampaignDefinition, type LedgerEntry, type PlayerClaims, type Receipt, type Store } from '@carnival/core';
import { createApp, type AppOptions } from './app.ts';
import { PlayerTokens } from './auth.ts';

/** Fixtures shared by the API's tests: the example campaign, a memory store, a frozen clock. */

export const SECRET = 'test-player-token-secret';
export const ADMIN_KEY = 'test-admin-key';
export const CAMPAIGN = 'double11-2026';
/** Double 11 itself, 10:00 in Shanghai: every phase-less task is open. */
export const NOON_ISH = Date.parse('2026-11-11T10:00:00+08:00');

const examplePath = new URL('../../../examples/double11-cat-candy.json', import.meta.url);

/** The example campaign, validated, so a test may change a copy of it. */
export function exampleCampaign(): CampaignDefinition {
  const checked = validateCampaign(JSON.parse(readFileSync(examplePath, 'utf8')));
  if (!checked.ok) throw new Error(`The example campaign is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

/** Noon on Double 11 in Shanghai: when the `flash-10` coupon of the shop campaign expires. */
export const FLASH_UNTIL = '2026-11-11T12:00:00+08:00';

/**
 * A pricing section of the API tests' own, so they do not move when the example's pricing is
 * retuned: two stores, every ¥300 minus ¥50 across them (platform-funded), and one coupon for
 * each way a coupon can be refused.
 */
const SHOP_PRICING = {
  stores: [
    { id: 'S1', name: 'Store One' },
    { id: 'S2', name: 'Store Two' },
  ],
  thresholds: [{ id: 'every-300-50', title: 'Every ¥300 minus ¥50 across stores', kind: 'cross-store', mode: 'repeat', every: 30000, off: 5000 }],
  coupons: [
    // Store coupons are merchant-funded; two of one store do not stack.
    { id: 'S1-100-20', title: '¥20 off ¥100 in Store One', kind: 'store', store: 'S1', min: 10000, off: 2000, claim: { perPlayer: 2 } },
    { id: 'S1-200-30', title: '¥30 off ¥200 in Store One', kind: 'store', store: 'S1', min: 20000, off: 3000, claim: { perPlayer: 1 } },
    { id: 'flash-10', title: '¥10 off until noon (granted only)', kind: 'platform', min: 0, off: 1000, validUntil: FLASH_UNTIL },
    { id: 'scarce', title: '¥5 off, one in the whole campaign', kind: 'platform', group: 'scarce', min: 0, off: 500, claim: { perPlayer: 1, stock: 1 } },
  ],
  paymentMinutes: 30,
};

/** The example campaign with the shop tests' pricing. */
export function shopCampaign(): CampaignDefinition {
  const checked = validateCampaign({ ...exampleCampaign(), pricing: SHOP_PRICING });
  if (!checked.ok) throw new Error(`The shop campaign is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

/** The lottery of the lottery tests: tickets from 2026-11-01, frozen and drawn from Double 11 at 20:00 in Shanghai. */
export const LOTTERY = 'lucky-cart';
export const LOTTERY_OPENS = '2026-11-01T00:00:00+08:00';
export const LOTTERY_DRAW = '2026-11-11T20:00:00+08:00';
/** The grand prize and two of the three red packets: the third is more than the budget holds. */
export const LOTTERY_BUDGET = 50_000 + 2 * 888;

/**
 * The example campaign with a lottery of the API tests' own in place of the example's, so they
 * do not move when the example's is retuned: a ¥500 grand prize and three ¥8.88 red packets paid
 * from a budget too small for the last one, and a ticket for every 3 venue shares.
 */
export function lotteryCampaign(): CampaignDefinition {
  const example = exampleCampaign();
  const checked = validateCampaign({
    ...example,
    budgets: [...example.budgets, { id: 'lucky-prizes', title: 'Lucky cart prizes', amount: LOTTERY_BUDGET }],
    // The example's clear-cart codes are tickets of its own lottery, replaced here.
    sharedCarts: { lottery: LOTTERY },
    lotteries: [
      {
        id: LOTTERY,
        title: 'Lucky cart (锦鲤购物车)',
        opensAt: LOTTERY_OPENS,
        drawAt: LOTTERY_DRAW,
        publicValue: 'drand mainnet randomness of the first round after 2026-11-11T20:00:00+08:00',
        budget: 'lucky-prizes',
        tiers: [
          { id: 'grand', title: '¥500 red packet', count: 1, reward: { cash: 50_000 } },
          { id: 'red', title: '¥8.88 red packet', count: 3, reward: { cash: 888 } },
        ],
        entries: [{ task: 'share-venue', every: 3 }],
      },
    ],
  });
  if (!checked.ok) throw new Error(`The lottery campaign is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: Store;
  clock: ManualClock;
  /** A player token signed with the app's secret. */
  token(playerId: string, claims?: PlayerClaims): Promise<string>;
  /** A JSON request; `token` becomes the bearer credential, `body` is sent as given when a string. */
  call(method: string, path: string, init?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  ledger(): Promise<LedgerEntry[]>;
}

export async function harness(setup: Partial<AppOptions> & { definition?: CampaignDefinition; now?: number } = {}): Promise<Harness> {
  const { definition, now, ...options } = setup;
  const store = options.store ?? new MemoryStore();
  const clock = new ManualClock(now ?? NOON_ISH);
  await store.publish(definition ?? exampleCampaign(), { seed: 'test-seed' });
  const app = createApp({ store, clock, manualClock: clock, playerTokenSecret: SECRET, adminKey: ADMIN_KEY, dev: true, ...options });
  const tokens = new PlayerTokens(SECRET);
  return {
    app,
    store,
    clock,
    token: async (playerId, claims = {}) => (await tokens.sign({ playerId, claims }, 3600)).token,
    call: async (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    },
    ledger: () => store.ledger(CAMPAIGN, { limit: 10_000 }),
  };
}

/** The JSON body of a response that must be a 200. */
export async function okJson<T>(response: Promise<Response>): Promise<T> {
  const answered = await response;
  if (answered.status !== 200) throw new Error(`Expected 200, got ${answered.status}: ${await answered.text()}`);
  return (await answered.json()) as T;
}

/** The outcome of a command response that must be a 200 receipt of this type. */
export async function outcomeOf<T extends Receipt['outcome']['type']>(type: T, response: Promise<Response>): Promise<Extract<Receipt['outcome'], { type: T }>> {
  const { outcome } = await okJson<Receipt>(response);
  if (outcome.type !== type) throw new Error(`Expected ${type}, got ${outcome.type}`);
  return outcome as Extract<Receipt['outcome'], { type: T }>;
}

/** The body of a problem response, after checking it is one. */
export async function problemOf(response: Response): Promise<{ code: string; status: number; type: string; title: string; detail: string; [field: string]: unknown }> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/problem+json')) throw new Error(`Expected a problem, got ${response.status} ${contentType}: ${await response.text()}`);
  return (await response.json()) as never;
}
