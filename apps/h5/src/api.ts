import { createClient } from '@carnival/api';
import { asProblem, type Problem } from './problems.ts';

/**
 * The page talks to the play API only through the typed client of `@carnival/api`, so a change
 * of a route, a body or a receipt breaks this app's type check rather than the shopper's page.
 */
export type Client = ReturnType<typeof createClient>;

export const clientFor = (token: string): Client => createClient(location.origin, { token });
export const anonymousClient = (): Client => createClient(location.origin);

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** What a typed response gives on success: the body type of its 2xx statuses. */
type Success<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

/**
 * Awaits a typed request: its body on 2xx, else the problem it answered with (or NETWORK when
 * no answer came), never a throw, so no refusal can leave the page half-updated.
 */
export async function call<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(request: Promise<R>): Promise<Result<Success<R>>> {
  let response: R;
  try {
    response = await request;
  } catch {
    return { ok: false, problem: { code: 'NETWORK' } };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, value: body as Success<R> };
  return { ok: false, problem: asProblem(body, response.status) };
}

/**
 * A fresh idempotency key for one tap. getRandomValues, not randomUUID: a phone on the LAN
 * opens the page over plain http, where randomUUID is missing.
 */
export function commandKey(what: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `h5-${what}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`.slice(0, 128);
}

/** The body a typed route answers with on success, named after the API's own documents. */
type Body<F> = F extends (...args: never[]) => Promise<infer R> ? Success<R> : never;
type Campaigns = Client['v1']['campaigns'][':campaignId'];

export type PlayerState = Body<Campaigns['me']['$get']>;
export type PublicCampaign = Body<Campaigns['$get']>;
export type Definition = PublicCampaign['definition'];
export type LotteryState = Body<Campaigns['lotteries'][':lotteryId']['$get']>;
export type PublishedDraw = Body<Campaigns['lotteries'][':lotteryId']['draw']['$get']>;
export type PoolState = Body<Campaigns['pools'][':poolId']['$get']>;
export type Quote = Body<Campaigns['quote']['$post']>;
export type MyCoupons = Body<Campaigns['me']['coupons']['$get']>;
export type Receipt = Body<Campaigns['invitations']['$post']>;
export type Outcome = Receipt['outcome'];
export type ClockReading = Body<Client['v1']['admin']['clock']['$get']>;
