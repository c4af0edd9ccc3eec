import { hc } from 'hono/client';
import type { AppType } from './app.ts';
import type { Failure, FailureCode } from './problem.ts';

export interface ClientOptions {
  /** A player token, or the admin key for admin routes: sent as `Authorization: Bearer`. */
  token?: string;
  /** The fetch to use: a test's `app.request`, or a fetch with retries. */
  fetch?: typeof fetch;
}

/**
 * A typed client of the play API: paths, parameters, bodies and responses (problems included)
 * come from the server's route definitions.
 *
 * @example
 * const client = createClient('http://127.0.0.1:8787', { token });
 * const res = await client.v1.campaigns[':campaignId'].tasks[':taskId'].complete.$post({
 *   param: { campaignId: 'double11-2026', taskId: 'daily-checkin' },
 *   header: { 'Idempotency-Key': 'checkin-2026-11-11' },
 * });
 * if (res.ok) console.log((await res.json()).outcome);
 */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  return hc<AppType>(baseUrl, {
    ...(options.token === undefined ? {} : { headers: { Authorization: `Bearer ${options.token}` } }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/** A problem document with the fields its code carries: what `isProblem` narrows a body to. */
export type TypedProblem<C extends FailureCode = FailureCode> = { type: string; title: string; status: number; detail: string } & Extract<Failure, { code: C }>;

/**
 * Whether a response body is the problem `code`, narrowing it to that code's own fields: the
 * client types a problem body by its status alone, where every code of that status may come.
 *
 * @example
 * const body = await res.json();
 * if (isProblem(body, 'BROWSE_TOO_EARLY')) setTimeout(retry, body.secondsRemaining * 1000);
 */
export function isProblem<C extends FailureCode>(body: unknown, code: C): body is TypedProblem<C> {
  return typeof body === 'object' && body !== null && (body as { code?: unknown }).code === code;
}
