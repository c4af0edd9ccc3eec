import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import { describeError, type DomainError, type Problem } from '@carnival/core';

/** Where in a request a problem lies, named as OpenAPI names a parameter's location. */
export const REQUEST_PARTS = ['body', 'path', 'query', 'header'] as const;
export type RequestPart = (typeof REQUEST_PARTS)[number];
/** A problem of a request: its `path` is within the part `in` names (`cart.lines[0]` of the body, `["Idempotency-Key"]` of the headers). */
export type RequestProblem = Problem & { in: RequestPart };

export const ProblemDetail = z
  .object({
    in: z.enum(REQUEST_PARTS).openapi({ description: 'The part of the request `path` lies in, as OpenAPI names it.' }),
    path: z.string().openapi({ description: 'A JSON path within that part: `tasks[3].reward.candy` in the body, `["Idempotency-Key"]` in the headers.' }),
    expected: z.string(),
    got: z.string(),
  })
  .openapi('ProblemDetail', { description: 'One thing wrong with the input, e.g. `tasks[3].reward.candy` in the body.' }) satisfies z.ZodType<RequestProblem>;

/**
 * Every failure the play API can answer with, as RFC 9457 problem details, in one place: the
 * engine's refusals (`DomainError`) and the failures the HTTP layer adds. A client branches on
 * `code` (stable, machine-readable) and shows `detail` (a sentence for the player).
 */
export const ApiFailure = z.discriminatedUnion('code', [
  z.object({ code: z.literal('UNAUTHORIZED'), reason: z.string() }),
  z.object({ code: z.literal('FORBIDDEN'), reason: z.string() }),
  z.object({ code: z.literal('NOT_FOUND'), method: z.string(), path: z.string() }),
  z.object({ code: z.literal('METHOD_NOT_ALLOWED'), method: z.string(), path: z.string(), allowed: z.array(z.string()) }),
  z.object({ code: z.literal('MALFORMED_JSON') }),
  z.object({ code: z.literal('VALIDATION_FAILED'), problems: z.array(ProblemDetail) }),
  z.object({ code: z.literal('PAYLOAD_TOO_LARGE'), limit: z.int() }),
  z.object({ code: z.literal('UNSUPPORTED_MEDIA_TYPE'), expected: z.string() }),
  z.object({ code: z.literal('CLOCK_NOT_MANUAL') }),
  z.object({ code: z.literal('INTERNAL') }),
]);
export type ApiFailure = z.infer<typeof ApiFailure>;

export type Failure = DomainError | ApiFailure;
export type FailureCode = Failure['code'];

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Status and title of every code. A `Record` over the union, so a new core error code does not
 * compile until it is given a status here. Refusals by the rules are 409: the request was fine,
 * the player's state or the calendar says no (retrying later may succeed).
 */
const CATALOGUE: Record<FailureCode, { status: ContentfulStatusCode; title: string }> = {
  CAMPAIGN_NOT_FOUND: { status: 404, title: 'Campaign not found' },
  TASK_NOT_FOUND: { status: 404, title: 'Task not found' },
  BOX_NOT_FOUND: { status: 404, title: 'Box not found' },
  TASK_NOT_OPEN: { status: 409, title: 'Task not open' },
  INVITATIONS_NOT_OPEN: { status: 409, title: 'Invitations not open' },
  BOX_NOT_OPEN: { status: 409, title: 'Box not open' },
  DAILY_LIMIT_REACHED: { status: 409, title: 'Daily limit reached' },
  TOTAL_LIMIT_REACHED: { status: 409, title: 'Total limit reached' },
  ALREADY_CHECKED_IN: { status: 409, title: 'Already checked in' },
  WRONG_TASK_KIND: { status: 409, title: 'Wrong task kind' },
  // The player is known but lacks the authority: only the host platform may report this task.
  HOST_VERIFIED_TASK: { status: 403, title: 'Host-verified task' },
  BROWSE_NOT_STARTED: { status: 409, title: 'Browse not started' },
  BROWSE_TOO_EARLY: { status: 409, title: 'Browse too early' },
  BROWSE_EXPIRED: { status: 409, title: 'Browse expired' },
  // Well-formed but meaningless input: the code was forged, mistyped or is for another campaign.
  INVALID_SHARE_CODE: { status: 422, title: 'Invalid share code' },
  SELF_ASSIST: { status: 409, title: 'Self assist' },
  ALREADY_ASSISTED: { status: 409, title: 'Already assisted' },
  INVITER_DAILY_CAP: { status: 409, title: 'Inviter daily cap reached' },
  FRIEND_DAILY_CAP: { status: 409, title: 'Friend daily cap reached' },
  NO_BOX_TO_OPEN: { status: 409, title: 'No box to open' },
  BOX_EMPTY: { status: 409, title: 'Box empty' },
  BEYOND_EXACT_INTEGERS: { status: 409, title: 'Beyond exact integers' },
  INSUFFICIENT_CANDY: { status: 409, title: 'Insufficient candy' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key conflict' },
  IDEMPOTENCY_KEY_EXPIRED: { status: 409, title: 'Idempotency key expired' },
  PRICING_NOT_DEFINED: { status: 404, title: 'Pricing not defined' },
  // A cart or a coupon choice the campaign cannot settle: the request is wrong, not the state.
  INVALID_CART: { status: 422, title: 'Invalid cart' },
  COUPON_NOT_OWNED: { status: 422, title: 'Coupon not owned' },
  COUPON_NOT_FOUND: { status: 404, title: 'Coupon not found' },
  COUPON_NOT_VALID: { status: 422, title: 'Coupon not valid now' },
  COUPONS_NOT_STACKABLE: { status: 422, title: 'Coupons not stackable' },
  COUPON_NOT_CLAIMABLE: { status: 409, title: 'Coupon not claimable' },
  COUPON_OUT_OF_STOCK: { status: 409, title: 'Coupon out of stock' },
  COUPON_ALREADY_RESERVED: { status: 409, title: 'Coupon already reserved' },
  COUPON_ALREADY_USED: { status: 409, title: 'Coupon already used' },
  HOST_ONLY: { status: 403, title: 'Host only' },
  QUOTE_CHANGED: { status: 409, title: 'Quote changed' },
  ORDER_NOT_FOUND: { status: 404, title: 'Order not found' },
  ORDER_ALREADY_PAID: { status: 409, title: 'Order already paid' },
  ORDER_CLOSED: { status: 409, title: 'Order closed' },
  ORDER_EXPIRED: { status: 409, title: 'Order expired' },
  PAYMENT_PART_INVALID: { status: 409, title: 'Payment part invalid' },
  ORDER_NOT_PAID: { status: 409, title: 'Order not paid' },
  REFUND_LINE_NOT_FOUND: { status: 422, title: 'Refund line not found' },
  REFUND_EXCEEDS_PAID: { status: 409, title: 'Refund exceeds paid' },
  LOTTERY_NOT_FOUND: { status: 404, title: 'Lottery not found' },
  LOTTERY_NOT_OPEN: { status: 409, title: 'Lottery not open' },
  LOTTERY_FROZEN: { status: 409, title: 'Lottery frozen' },
  PUBLIC_VALUE_MALFORMED: { status: 422, title: 'Public value malformed' },
  LOTTERY_NOT_DUE: { status: 409, title: 'Lottery not due' },
  SHARED_CARTS_NOT_OFFERED: { status: 404, title: 'Shared carts not offered' },
  POOL_NOT_FOUND: { status: 404, title: 'Pool not found' },
  CLEAR_CART_NOT_AVAILABLE: { status: 409, title: 'Clear-cart prize not available' },
  POOL_NOT_DUE: { status: 409, title: 'Pool not due' },
  POOL_FROZEN: { status: 409, title: 'Pool frozen' },
  POOL_NOT_SETTLED: { status: 409, title: 'Pool not settled' },
  BUDGET_SPENT: { status: 409, title: 'Budget spent' },
  LUCKY_PACKET_NOT_FOUND: { status: 404, title: 'Lucky packet not found' },
  LUCKY_PACKET_NOT_OPEN: { status: 409, title: 'Lucky packet not open' },
  LUCKY_PACKET_OUT_OF_STOCK: { status: 409, title: 'Lucky packets out of stock' },
  LUCKY_PACKET_EXPIRED: { status: 409, title: 'Lucky packet expired' },
  LUCKY_PACKET_EMPTY: { status: 409, title: 'Lucky packet empty' },
  LUCKY_PACKET_ALREADY_GRABBED: { status: 409, title: 'Lucky packet already grabbed' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON' },
  VALIDATION_FAILED: { status: 422, title: 'Validation failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  CLOCK_NOT_MANUAL: { status: 409, title: 'Clock not manual' },
  INTERNAL: { status: 500, title: 'Internal error' },
};

/** Every code the API answers with. */
export const FAILURE_CODES = Object.keys(CATALOGUE) as FailureCode[];

/** The status a code is answered with. */
export const statusOf = (code: FailureCode): ContentfulStatusCode => CATALOGUE[code].status;

/** The title of a code's problems. */
export const titleOf = (code: FailureCode): string => CATALOGUE[code].title;

/** `https://carnival.dev/problems/task-not-open`: stable, so clients may also branch on it. */
export const problemType = (code: FailureCode) => `https://carnival.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: FailureCode;
  [field: string]: unknown;
}

function detailOf(failure: Failure): string {
  switch (failure.code) {
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return failure.reason;
    case 'NOT_FOUND':
      return `There is no route ${failure.method} ${failure.path}.`;
    case 'METHOD_NOT_ALLOWED':
      return `${failure.path} takes ${failure.allowed.join(' or ')}, not ${failure.method}.`;
    case 'MALFORMED_JSON':
      return 'The request body is not valid JSON.';
    case 'VALIDATION_FAILED':
      return `The request has ${failure.problems.length} problem${failure.problems.length === 1 ? '' : 's'}; see \`problems\`.`;
    case 'PAYLOAD_TOO_LARGE':
      return `The request body is larger than ${failure.limit} bytes.`;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return `The request body must be ${failure.expected}.`;
    case 'CLOCK_NOT_MANUAL':
      return 'The server runs on the system clock; start it with CARNIVAL_CLOCK=manual to move time.';
    case 'INTERNAL':
      return 'Something went wrong on our side; the request may be retried with the same Idempotency-Key.';
    default:
      return describeError(failure);
  }
}

/** The problem document of a failure: the standard members, then the failure's own fields. */
export function problemDocument(failure: Failure): ProblemDocument {
  const { code, ...fields } = failure;
  const { status, title } = CATALOGUE[code];
  return { type: problemType(code), title, status, detail: detailOf(failure), code, ...fields };
}

/**
 * Answers with a problem. Goes through the context so headers set earlier (the echoed
 * Idempotency-Key) are kept; a 401 also says which scheme to use.
 */
export function problem(c: Context, failure: Failure): Response {
  const document = problemDocument(failure);
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_MEDIA_TYPE };
  if (failure.code === 'UNAUTHORIZED') headers['WWW-Authenticate'] = 'Bearer';
  if (failure.code === 'METHOD_NOT_ALLOWED') headers.Allow = failure.allowed.join(', ');
  return c.body(JSON.stringify(document), CATALOGUE[failure.code].status, headers);
}

/** Thrown by handlers and guards; the app's error handler answers it with `problem`. */
export class ProblemError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
    this.name = 'ProblemError';
  }
}
