import { dirname, isAbsolute, join } from 'node:path';
import { formatProblem, MAX_CODE_LENGTH, parseWith, verifyDraw, type Ticket, type TicketColumns, type Tickets } from '@carnival/core';
import { z } from 'zod';
import { defineCommand, EXIT } from '../command.ts';
import { describeFileError, type Io } from '../io.ts';
import { describeJsonError, parseJson, readJson } from '../json.ts';

const USAGE = `Usage: carnival verify-draw FILE [--json]

Checks a published lottery draw: that the revealed seed is the one committed to before the
draw, that the ticket list is the one frozen (its hash), and that the winners are exactly those
the draw gives for that seed, ticket list and public value, in the same order. The draw and
the ticket-list hash are documented step by step in packages/core/src/lottery-draw.ts.

FILE is a JSON file:
  {
    "lotteryId"?: "double11-grand-draw",
    "commitment": "SHA-256 of the seed, 64 hex digits, published before the draw",
    "seed": "the seed, revealed at the draw",
    "publicValue": "the public value named in advance, e.g. a state lottery's numbers",
    "ticketsHash": "64 hex digits, published when the ticket list was frozen",
    "tickets": [{ "code", "playerId" }] | "tickets.ndjson",
    "prizes": [{ "tier", "count" }],
    "maxWinsPerPlayer"?: 1,
    "winners": [{ "tier", "ticket", "playerId" }]
  }
"tickets" may instead name a file, relative to FILE, with one { "code", "playerId" } per line
(NDJSON), for lists too long for one JSON document. Ticket codes are 1 to ${MAX_CODE_LENGTH} printable
ASCII characters without spaces; player ids have no control characters.

Prints "FILE: verified" and a summary, or one line per problem, "FILE: problem".

Options:
      --json   Print { "file", "lotteryId"?, "verified", "problems", "tickets"?, "players"?,
               "winners"? } instead; a file that cannot be read or parsed also has "error"
  -h, --help   Show this help

Exit status: 0 the draw verifies, 1 it does not, FILE is not a published draw or a line of the
tickets file is not a ticket (not JSON included), 2 a file could not be read, FILE is not JSON, or
the command line is wrong.
`;

const HEX_DIGEST = '64 hex digits (a SHA-256)';
const CODE = `a ticket code: 1 to ${MAX_CODE_LENGTH} printable ASCII characters without spaces`;
const PLAYER = 'a player id: not empty, without control characters';
const CODE_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${MAX_CODE_LENGTH}}$`);
const PLAYER_PATTERN = /^(?:[^\u0000-\u001f\u007f\p{Cs}])+$/u;

const text = (what: string) => z.string({ error: what });
const digest = z.string({ error: HEX_DIGEST }).regex(/^[0-9a-f]{64}$/i, { error: HEX_DIGEST });

const TicketSchema = z.strictObject({
  code: z.string({ error: CODE }).regex(CODE_PATTERN, { error: CODE }),
  playerId: z.string({ error: PLAYER }).regex(PLAYER_PATTERN, { error: PLAYER }),
});

/** A published draw, tickets aside: they are an inline list or a file name, checked apart. */
const DrawFile = z.strictObject({
  $comment: z.string().optional(),
  lotteryId: text('a lottery id').optional(),
  commitment: digest,
  seed: text('the revealed seed, a string'),
  publicValue: text('the public value, a string'),
  publicValueFormat: z.enum(['hex64'], { error: "'hex64', how the definition required the public value to be written" }).optional(),
  ticketsHash: digest,
  tickets: z.union([z.string().min(1), z.array(z.unknown())], { error: 'a list of { code, playerId } or the name of an NDJSON file' }),
  prizes: z.array(
    z.strictObject({
      tier: text('a tier name'),
      count: z.int({ error: 'a whole number of prizes, 0 or more' }).min(0, { error: 'a whole number of prizes, 0 or more' }),
    }),
    { error: 'a list of { tier, count }' },
  ),
  maxWinsPerPlayer: z.int({ error: 'a whole number, 1 or more' }).min(1, { error: 'a whole number, 1 or more' }).optional(),
  winners: z.array(z.strictObject({ tier: text('a tier name'), ticket: text('a ticket code'), playerId: text('a player id') }), {
    error: 'a list of { tier, ticket, playerId }',
  }),
});

export interface DrawReport {
  file: string;
  lotteryId?: string;
  verified: boolean;
  problems: string[];
  tickets?: number;
  players?: number;
  winners?: number;
  /** Why the draw could not be checked at all: a file unreadable, or not JSON. */
  error?: string;
}

export const verifyDrawCommand = defineCommand({
  name: 'verify-draw',
  summary: 'Check a published lottery draw against its commitment',
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  positionals: { name: 'FILE', min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const report = await check(positionals[0]!, io);
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (report.error !== undefined) io.stderr(`${report.file}: ${report.error}\n`);
    else io.stdout(report.verified ? summary(report) : report.problems.map((problem) => `${report.file}: ${problem}\n`).join(''));
    if (report.error !== undefined) return EXIT.error;
    return report.verified ? EXIT.ok : EXIT.invalid;
  },
});

async function check(file: string, io: Io): Promise<DrawReport> {
  const read = await readJson(file, io);
  if (!read.ok) return { file, verified: false, problems: [], error: read.error };
  const parsed = parseWith(DrawFile, read.value);
  const problems = [...read.repeated, ...(parsed.ok ? [] : parsed.problems)];
  if (!parsed.ok || problems.length) return { file, verified: false, problems: problems.map(formatProblem) };
  const draw = parsed.value;
  const lotteryId = draw.lotteryId === undefined ? {} : { lotteryId: draw.lotteryId };
  const tickets = typeof draw.tickets === 'string' ? await readNdjson(besides(file, draw.tickets), io) : inlineTickets(draw.tickets);
  if ('error' in tickets) return { file, ...lotteryId, verified: false, problems: [], error: tickets.error };
  if ('problems' in tickets) return { file, ...lotteryId, verified: false, problems: tickets.problems };
  const verdict = verifyDraw({ ...draw, tickets: tickets.tickets });
  const counts = { tickets: tickets.count, players: tickets.players, winners: draw.winners.length };
  return { file, ...lotteryId, verified: verdict.ok, problems: verdict.ok ? [] : verdict.problems, ...counts };
}

/** A file named in `file`, as a path from where `file` is. */
function besides(file: string, name: string): string {
  return isAbsolute(name) ? name : join(dirname(file), name);
}

async function readText(file: string, io: Io): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    return { ok: true, text: await io.readFile(file) };
  } catch (error) {
    return { ok: false, error: `cannot read: ${describeFileError(error)}` };
  }
}

/** A ticket list ready to draw from, with its size; or what is wrong with it. */
type TicketList = { tickets: Tickets; count: number; players: number } | { problems: string[] } | { error: string };

function inlineTickets(list: readonly unknown[]): TicketList {
  const parsed = parseWith(z.array(TicketSchema), list);
  if (!parsed.ok) return { problems: parsed.problems.map((problem) => formatProblem({ ...problem, path: `tickets${problem.path}` })) };
  const tickets: Ticket[] = parsed.value;
  return { tickets, count: tickets.length, players: new Set(tickets.map((t) => t.playerId)).size };
}

const MAX_LINE_PROBLEMS = 10;

/**
 * An NDJSON ticket file, read straight into the columnar form: a list of millions then costs
 * a string per code and a number per ticket, not an object (nor a line) per ticket. A line is
 * checked by hand, and by the schema (for the wording of its problems) only when that fails.
 */
async function readNdjson(file: string, io: Io): Promise<TicketList> {
  const read = await readText(file, io);
  if (!read.ok) return { error: `${file}: ${read.error}` };
  const codes: string[] = [];
  let players: Int32Array = new Int32Array(1024);
  const indexOf = new Map<string, number>();
  const playerIds: string[] = [];
  const problems: string[] = [];
  let bad = 0;
  for (const [number, line] of linesOf(read.text)) {
    const ticket = ticketOnLine(line, number);
    if ('problem' in ticket) {
      if (++bad <= MAX_LINE_PROBLEMS) problems.push(`${file}: ${ticket.problem}`);
      continue;
    }
    let index = indexOf.get(ticket.playerId);
    if (index === undefined) indexOf.set(ticket.playerId, (index = playerIds.push(ticket.playerId) - 1));
    if (codes.length === players.length) players = grown(players);
    players[codes.push(ticket.code) - 1] = index;
  }
  if (bad > MAX_LINE_PROBLEMS) problems.push(`${file}: ${bad - MAX_LINE_PROBLEMS} more lines have problems`);
  if (problems.length) return { problems };
  const columns: TicketColumns = { codes, players: players.subarray(0, codes.length), playerIds };
  return { tickets: columns, count: codes.length, players: playerIds.length };
}

/** The lines of `text` that are not blank, with their 1-based numbers, one at a time. */
function* linesOf(text: string): Generator<[number, string]> {
  let number = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    number++;
    if (line.trim() !== '') yield [number, line];
    start = end + 1;
  }
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The ticket on line `number` of an NDJSON file, or what is wrong with it. */
function ticketOnLine(line: string, number: number): Ticket | { problem: string } {
  // Millions of lines the server wrote: the schema check below is what guards them.
  const parsed = parseJson(line, { repeatedKeys: 'last wins' });
  if (!parsed.ok) return { problem: describeJsonError({ ...parsed.error, line: number }) };
  if (isTicket(parsed.value)) return parsed.value;
  const checked = parseWith(TicketSchema, parsed.value);
  return checked.ok ? checked.value : { problem: checked.problems.map((problem) => `line ${number}: ${formatProblem(problem)}`).join('; ') };
}

/** The schema's verdict on a well-formed ticket, without its cost per line. */
function isTicket(value: unknown): value is Ticket {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 2) return false;
  const { code, playerId } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof playerId === 'string' && CODE_PATTERN.test(code) && PLAYER_PATTERN.test(playerId);
}

/** `d.json: verified (double11): 200 tickets of 150 players, 20 winners, as published` */
function summary(report: DrawReport): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const lottery = report.lotteryId === undefined ? '' : ` (${report.lotteryId})`;
  return `${report.file}: verified${lottery}: ${count(report.tickets!, 'ticket', 'tickets')} of ${count(report.players!, 'player', 'players')}, ${count(report.winners!, 'winner', 'winners')}, as published\n`;
}
