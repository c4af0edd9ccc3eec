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
 * Sends a command under an idempotency key, answering as `call` does. The key is kept until an
 * answer comes: when the answer is lost (NETWORK), the shopper's next tap of the same action
 * sends the same key, and the server replays the first receipt instead of running it again (a
 * second paid box). `variant` tells apart taps of one action with different bodies (another
 * share code); keys are kept per client, so one shopper's lost answer is never another's.
 *
 * @example
 * command(client, box.id, (header) => client.v1.campaigns[':campaignId'].boxes[':boxId'].open.$post({ param, header }))
 */
export async function command<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  client: object,
  what: string,
  send: (header: { 'Idempotency-Key': string }) => Promise<R>,
  variant = '',
): Promise<Result<Success<R>>> {
  let keys = unanswered.get(client);
  if (!keys) unanswered.set(client, (keys = new Map()));
  const intent = `${what}\n${variant}`;
  const key = keys.get(intent) ?? freshKey(what);
  keys.set(intent, key);
  const result = await call(send({ 'Idempotency-Key': key }));
  if (result.ok || result.problem.code !== 'NETWORK') keys.delete(intent);
  return result;
}

const unanswered = new WeakMap<object, Map<string, string>>();

/**
 * A fresh idempotency key: getRandomValues, not randomUUID, since a phone on the LAN opens the
 * page over plain http, where randomUUID is missing.
 */
function freshKey(what: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `h5-${what.slice(0, 64)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
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
