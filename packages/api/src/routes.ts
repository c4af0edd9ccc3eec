import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Guards } from './auth.ts';
import { PROBLEM_MEDIA_TYPE } from './problem.ts';
import {
  AcceptInvitationBody,
  AdvanceClockBody,
  BoxParams,
  CampaignDefinitionSchema,
  CampaignList,
  CampaignParams,
  ClockReading,
  DevToken,
  DevTokenBody,
  Health,
  HostTaskParams,
  IdempotencyHeaders,
  LedgerPage,
  LedgerQuery,
  PlayerStateSchema,
  ProblemSchema,
  PublicCampaign,
  PublishResultSchema,
  ReceiptSchema,
  SetClockBody,
  TaskParams,
} from './schemas.ts';

/** Why each problem status may come back; the `code` member says exactly which. */
const PROBLEM_STATUSES = {
  400: 'MALFORMED_JSON: the body is not JSON.',
  401: 'UNAUTHORIZED: missing, invalid or expired credentials.',
  403: 'FORBIDDEN (wrong kind of credentials) or HOST_VERIFIED_TASK.',
  404: 'CAMPAIGN_NOT_FOUND, TASK_NOT_FOUND or BOX_NOT_FOUND.',
  409: 'A refusal by the rules (TASK_NOT_OPEN, DAILY_LIMIT_REACHED, BROWSE_TOO_EARLY, INVITER_DAILY_CAP, INSUFFICIENT_CANDY, IDEMPOTENCY_CONFLICT, CLOCK_NOT_MANUAL, ...).',
  413: 'PAYLOAD_TOO_LARGE: the body is over the route\'s limit.',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json.',
  422: 'VALIDATION_FAILED (with `problems`) or INVALID_SHARE_CODE.',
} as const;
type ProblemStatus = keyof typeof PROBLEM_STATUSES;

const problemContent = { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } as { 'application/problem+json': { schema: typeof ProblemSchema } };

/** Problem responses for the statuses a route can answer, in its OpenAPI entry and client types. */
function problems<const S extends ProblemStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((status) => [status, { description: PROBLEM_STATUSES[status], content: problemContent }])) as unknown as {
    [K in S]: { description: string; content: typeof problemContent };
  };
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const PLAYER = [{ playerToken: [] }];
const ADMIN = [{ adminKey: [] }];

const commandHeaders = {
  'Idempotency-Key': { description: 'The key the command ran under: the client\'s, or one the server generated.', schema: { type: 'string' as const } },
  'Idempotent-Replayed': { description: '`true` when this is the stored receipt of an earlier request with the same key.', schema: { type: 'string' as const } },
};
const receipt = (description: string) => ({ ...json(ReceiptSchema, description), headers: commandHeaders });

/**
 * The routes of the play API, described once: zod validates the requests, the OpenAPI document
 * is generated from the same schemas, and the typed client reads their types.
 */
export function defineRoutes(guards: Guards) {
  const playerCommand = <P extends z.ZodType>(params: P, summary: string, description: string) =>
    ({
      method: 'post' as const,
      tags: ['play'],
      summary,
      description,
      security: PLAYER,
      middleware: guards.player,
      request: { params, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 404, 409, 422) },
    });

  return {
    health: createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['meta'],
      summary: 'Liveness',
      responses: { 200: json(Health, 'The server is up.') },
    }),

    listCampaigns: createRoute({
      method: 'get',
      path: '/v1/campaigns',
      tags: ['campaigns'],
      summary: 'Published campaigns',
      responses: { 200: json(CampaignList, 'Every campaign, at its latest version.') },
    }),

    getCampaign: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}',
      tags: ['campaigns'],
      summary: 'A campaign definition',
      description: 'The public definition at its latest version (the seed stays on the server).',
      request: { params: CampaignParams },
      responses: { 200: json(PublicCampaign, 'The campaign.'), ...problems(404) },
    }),

    publishCampaign: createRoute({
      method: 'post',
      path: '/v1/campaigns',
      tags: ['campaigns', 'admin'],
      summary: 'Publish a campaign definition',
      description:
        'Validates the definition (schema and cross-references) and publishes it as a new immutable version when it differs ' +
        'from the latest; publishing the same definition again changes nothing. Bodies up to 1 MiB.',
      security: ADMIN,
      middleware: guards.admin,
      request: { body: jsonBody(CampaignDefinitionSchema) },
      responses: {
        201: json(PublishResultSchema, 'A new version was published.'),
        200: json(PublishResultSchema, 'The definition equals the latest version; nothing changed.'),
        ...problems(400, 401, 403, 413, 415, 422),
      },
    }),

    playerState: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me',
      tags: ['play'],
      summary: 'My state in a campaign',
      description: 'Balance, tasks with their status and limits, boxes, invitations: everything the play page shows.',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams },
      responses: { 200: json(PlayerStateSchema, 'The player state.'), ...problems(401, 404) },
    }),

    myLedger: createRoute({
      method: 'get',
      path: '/v1/campaigns/{campaignId}/me/ledger',
      tags: ['play'],
      summary: 'My candy postings',
      security: PLAYER,
      middleware: guards.player,
      request: { params: CampaignParams, query: LedgerQuery },
      responses: { 200: json(LedgerPage, 'Postings from or to my account, newest first.'), ...problems(401, 404, 422) },
    }),

    startTask: createRoute({
      path: '/v1/campaigns/{campaignId}/tasks/{taskId}/start',
      ...playerCommand(TaskParams, 'Start a browse task', 'Starts the server-side timer of a browse visit; a visit already running is returned unchanged.'),
    }),

    completeTask: createRoute({
      path: '/v1/campaigns/{campaignId}/tasks/{taskId}/complete',
      ...playerCommand(TaskParams, 'Complete a task', 'Completes a browse (once long enough), check-in or player-verified action task and credits its candy.'),
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    }),

    hostCompleteTask: createRoute({
      method: 'post',
      path: '/v1/campaigns/{campaignId}/players/{playerId}/tasks/{taskId}/complete',
      tags: ['admin'],
      summary: 'Report a host-verified action',
      description: 'The host platform reports that a player did something it verified (followed a store, joined a club).',
      security: ADMIN,
      middleware: guards.admin,
      request: { params: HostTaskParams, headers: IdempotencyHeaders },
      responses: { 200: receipt('The receipt.'), ...problems(401, 403, 404, 409, 422) },
    }),

    createInvitation: createRoute({
      path: '/v1/campaigns/{campaignId}/invitations',
      ...playerCommand(CampaignParams, 'My share code', 'Creates my share code on first call; the same code ever after.'),
    }),

    acceptInvitation: createRoute({
      path: '/v1/campaigns/{campaignId}/invitations/accept',
      ...playerCommand(CampaignParams, 'Assist a friend', 'Accepts a friend\'s share code: both are credited, once per pair, within daily caps.'),
      request: { params: CampaignParams, headers: IdempotencyHeaders, body: jsonBody(AcceptInvitationBody) },
      responses: { 200: receipt('The receipt.'), ...problems(400, 401, 404, 409, 413, 415, 422) },
    }),

    openBox: createRoute({
      path: '/v1/campaigns/{campaignId}/boxes/{boxId}/open',
      ...playerCommand(BoxParams, 'Open a surprise box', 'Opens an earned box, or buys one with candy when none is earned and the box has a price.'),
    }),

    readClock: createRoute({
      method: 'get',
      path: '/v1/admin/clock',
      tags: ['admin'],
      summary: 'The campaign clock',
      security: ADMIN,
      middleware: guards.admin,
      responses: { 200: json(ClockReading, 'What the rules see as now.'), ...problems(401, 403) },
    }),

    setClock: createRoute({
      method: 'put',
      path: '/v1/admin/clock',
      tags: ['admin'],
      summary: 'Set the manual clock',
      security: ADMIN,
      middleware: guards.admin,
      request: { body: jsonBody(SetClockBody) },
      responses: { 200: json(ClockReading, 'The clock after the change.'), ...problems(400, 401, 403, 409, 413, 415, 422) },
    }),

    advanceClock: createRoute({
      method: 'post',
      path: '/v1/admin/clock/advance',
      tags: ['admin'],
      summary: 'Move the manual clock',
      security: ADMIN,
      middleware: guards.admin,
      request: { body: jsonBody(AdvanceClockBody) },
      responses: { 200: json(ClockReading, 'The clock after the change.'), ...problems(400, 401, 403, 409, 413, 415, 422) },
    }),

    devToken: createRoute({
      method: 'post',
      path: '/v1/dev/tokens',
      tags: ['dev'],
      summary: 'Mint a player token (dev mode only)',
      description: 'Stands in for the host platform\'s login in development. Absent unless the server runs with CARNIVAL_DEV=1.',
      request: { body: jsonBody(DevTokenBody) },
      responses: { 200: json(DevToken, 'A token valid for 24 hours.'), ...problems(400, 413, 415, 422) },
    }),
  };
}

export type Routes = ReturnType<typeof defineRoutes>;

/** A route's path as Hono matches it: `/v1/campaigns/{campaignId}` → `/v1/campaigns/:campaignId`. */
export const honoPath = (route: RouteConfig) => route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
