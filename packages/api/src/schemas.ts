import { z } from '@hono/zod-openapi';
import {
  CampaignDefinition,
  PLAYER_ID,
  type CampaignSummary,
  type LedgerEntry,
  type PlayerState,
  type Receipt,
} from '@carnival/core';
import { FAILURE_CODES, type FailureCode } from './problem.ts';

/**
 * The documents of the play API. Request schemas validate; response schemas only document and
 * type the client, so each is annotated with the core type it describes: the compiler then
 * refuses a schema that promises a field the engine does not produce.
 */

const instant = (description: string) => z.string().openapi({ format: 'date-time', description, example: '2026-11-11T00:00:00.000Z' });
const count = () => z.number().int().nonnegative();
const limitsOf = () => z.object({ perDay: z.number().int().optional(), total: z.number().int().optional() });

export const ProblemDetail = z
  .object({ path: z.string(), expected: z.string(), got: z.string() })
  .openapi('ProblemDetail', { description: 'One thing wrong with the input, e.g. `tasks[3].reward.candy`.' });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ format: 'uri', example: 'https://carnival.dev/problems/task-not-open' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'A sentence for the person in front of the screen.' }),
    code: z.enum(FAILURE_CODES as [FailureCode, ...FailureCode[]]).openapi({ description: 'The stable machine code.', example: 'TASK_NOT_OPEN' }),
    problems: z.array(ProblemDetail).optional().openapi({ description: 'VALIDATION_FAILED only.' }),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details, plus the error\'s own fields (`opensAt`, `limit`, `secondsRemaining`, ...).' });

export const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/, { error: '1 to 128 printable ASCII characters' })
    .optional()
    .openapi({
      description:
        'One key, one effect: a retry with the same key returns the first receipt (with `Idempotent-Replayed: true`). ' +
        'The server generates a key when absent and echoes it, but only a key the client sends before the first attempt makes retries safe.',
      example: 'b6f0c1e2-checkin-2026-11-11',
    }),
});

const campaignId = z.string().min(1).max(64).openapi({ param: { name: 'campaignId', in: 'path' }, example: 'double11-2026' });
const taskId = z.string().min(1).max(64).openapi({ param: { name: 'taskId', in: 'path' }, example: 'browse-main-venue' });
const boxId = z.string().min(1).max(64).openapi({ param: { name: 'boxId', in: 'path' }, example: 'surprise-box' });
const playerId = z
  .string()
  .regex(PLAYER_ID, { error: 'a player id of 1 to 128 characters without "|" or control characters' })
  .openapi({ param: { name: 'playerId', in: 'path' }, example: 'p-10086' });

export const CampaignParams = z.object({ campaignId });
export const TaskParams = z.object({ campaignId, taskId });
export const HostTaskParams = z.object({ campaignId, playerId, taskId });
export const BoxParams = z.object({ campaignId, boxId });

// zod copies methods onto a schema when it is built, and core's schemas were built before
// zod-openapi added `.openapi`: a clone is built now, so it has the method.
export const CampaignDefinitionSchema = CampaignDefinition.clone().openapi('CampaignDefinition');

export const CampaignSummarySchema: z.ZodType<CampaignSummary> = z
  .object({ id: z.string(), name: z.string(), version: z.number().int(), publishedAt: instant('When this version was published.') })
  .openapi('CampaignSummary');

export const CampaignList = z.object({ campaigns: z.array(CampaignSummarySchema) });

export const PublicCampaign = z
  .object({ campaignId: z.string(), version: z.number().int(), definition: CampaignDefinitionSchema })
  .openapi('PublicCampaign', { description: 'The latest published version. The campaign seed is a server secret and never leaves it.' });

export const PublishResultSchema = z
  .object({ campaignId: z.string(), version: z.number().int(), created: z.boolean().openapi({ description: 'False when the definition equals the latest version.' }) })
  .openapi('PublishResult');

const Credit = z
  .object({ requested: count(), credited: count(), cappedBy: z.literal('dailyEarnCap').optional() })
  .openapi('Credit', { description: 'Candy a command meant to credit and what the daily cap let through.' });

const Outcome = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('task.started'), taskId: z.string(), readyAt: instant('When the visit is long enough.'), expiresAt: instant('When the visit lapses.') }),
    z.object({
      type: z.literal('task.completed'),
      taskId: z.string(),
      candy: Credit,
      streak: z.object({ days: z.number().int(), tableDay: z.number().int() }).optional(),
      boxesEarned: z.array(z.string()),
    }),
    z.object({ type: z.literal('invitation.created'), code: z.string().openapi({ description: 'The share code to send to friends.' }) }),
    z.object({ type: z.literal('invitation.accepted'), inviterId: z.string(), newCustomer: z.boolean(), inviter: Credit, friend: Credit }),
    z.object({
      type: z.literal('box.opened'),
      boxId: z.string(),
      paidWith: z.enum(['earned', 'candy']),
      paidCandy: count(),
      rewardId: z.string().nullable(),
      candy: Credit.nullable(),
      prize: z.string().nullable(),
      fellBack: z.boolean(),
    }),
  ])
  .openapi('Outcome');

export const ReceiptSchema: z.ZodType<Receipt> = z
  .object({
    key: z.string().openapi({ description: 'The idempotency key.' }),
    campaignId: z.string(),
    playerId: z.string(),
    version: z.number().int().openapi({ description: 'The definition version the command ran under.' }),
    at: instant('The server clock when the command ran.'),
    outcome: Outcome,
  })
  .openapi('Receipt');

const TaskStateSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['browse', 'checkin', 'action']),
    title: z.string(),
    reward: count(),
    status: z.enum(['open', 'in-progress', 'ready', 'done', 'closed']),
    doneToday: count(),
    doneTotal: count(),
    limits: limitsOf(),
    opensAt: z.string().nullable(),
    hostVerified: z.boolean(),
    browse: z.union([z.object({ seconds: z.number().int(), readyAt: z.string(), expiresAt: z.string() }), z.object({ seconds: z.number().int() })]).optional(),
    streak: z.object({ days: z.number().int(), checkedInToday: z.boolean() }).optional(),
  })
  .openapi('TaskState');

export const PlayerStateSchema: z.ZodType<PlayerState> = z
  .object({
    campaignId: z.string(),
    version: z.number().int(),
    playerId: z.string(),
    now: instant('The server clock.'),
    day: z.string().openapi({ description: 'Campaign-local day, YYYY-MM-DD.', example: '2026-11-11' }),
    phase: z.object({ current: z.string().nullable(), next: z.object({ id: z.string(), startsAt: z.string() }).nullable() }),
    candy: z.object({ balance: count(), earnedToday: count(), dailyEarnCap: z.number().int().nullable() }),
    tasks: z.array(TaskStateSchema),
    boxes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        available: count(),
        opened: count(),
        price: z.number().int().nullable(),
        everyTasks: z.number().int().nullable(),
        tasksDone: count(),
      }),
    ),
    invitations: z
      .object({
        shareCode: z.string().nullable(),
        receivedToday: count(),
        perInviterPerDay: z.number().int(),
        givenToday: count(),
        perFriendPerDay: z.number().int(),
        assists: z.array(
          z.object({ friendId: z.string(), at: z.string(), newCustomer: z.boolean(), inviterCandy: count(), friendCandy: count() }),
        ),
      })
      .nullable(),
  })
  .openapi('PlayerState');

const LedgerEntrySchema: z.ZodType<LedgerEntry> = z
  .object({
    campaignId: z.string(),
    version: z.number().int(),
    playerId: z.string().openapi({ description: 'The player whose command caused the posting.' }),
    commandKey: z.string(),
    from: z.string(),
    to: z.string(),
    amount: z.number().int().positive(),
    reason: z.string(),
    memo: z.string().optional(),
    at: z.string(),
  })
  .openapi('LedgerEntry');

export const LedgerPage = z.object({ account: z.string(), entries: z.array(LedgerEntrySchema) }).openapi('LedgerPage', { description: 'Newest first.' });

// A query value is text: checked as text, so a bad value is reported as sent ("abc", not NaN).
const LEDGER_LIMIT = 'an integer from 1 to 500';
export const LedgerQuery = z.object({
  limit: z
    .string()
    .refine((text) => /^[1-9][0-9]{0,2}$/.test(text) && Number(text) <= 500, { error: LEDGER_LIMIT })
    .optional()
    .transform((text) => (text === undefined ? 50 : Number(text)))
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: 500, description: 'Entries to return, newest first (default 50).' }),
});

export const AcceptInvitationBody = z.strictObject({ code: z.string({ error: 'a share code' }).min(1).max(64).openapi({ example: 'V1StGXR8_Z5j.4Nl0a8oQpb' }) });

export const ClockReading = z
  .object({ now: instant('The clock the rules see.'), mode: z.enum(['system', 'manual']), running: z.boolean().openapi({ description: 'A manual clock that ticks with real time.' }) })
  .openapi('ClockReading');

export const SetClockBody = z.strictObject({
  now: z.iso.datetime({ offset: true, error: 'an ISO-8601 date-time with an offset, like 2026-10-20T20:00:00+08:00' }),
});

export const AdvanceClockBody = z.strictObject({
  seconds: z
    .number({ error: 'a number of seconds' })
    .int({ error: 'a whole number of seconds' })
    .min(-366 * 86_400, { error: 'at most a year back' })
    .max(366 * 86_400, { error: 'at most a year ahead' }),
});

export const DevTokenBody = z.strictObject({
  playerId: z.string({ error: 'a player id' }).regex(PLAYER_ID, { error: 'a player id of 1 to 128 characters without "|" or control characters' }),
  newCustomer: z.boolean({ error: 'true or false' }).optional(),
  tier: z.string({ error: 'a tier name' }).min(1).max(64).optional(),
});

export const DevToken = z.object({ token: z.string(), playerId: z.string(), expiresAt: z.string() }).openapi('DevToken');

export const Health = z.object({ ok: z.literal(true) });
