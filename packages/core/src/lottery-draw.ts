import { createHash } from 'node:crypto';
import { KeyedHmac } from './sha256.ts';
import { HmacRandom, type Random } from './random.ts';

/**
 * The provably fair scheduled lottery draw, by commit–reveal.
 *
 * 1. Before the draw the operator picks a secret `seed` (at least 128 bits of randomness, e.g.
 *    32 random bytes in hex) and publishes `commitment(seed)`, and names a `publicValue` that
 *    nobody can know yet (e.g. the closing numbers of a state lottery on the draw day).
 * 2. When ticket sales close, the ticket list is frozen and `ticketListHash` published.
 * 3. At the draw the public value becomes known; `drawWinners` is run and the seed revealed.
 * 4. Anyone recomputes everything with `verifyDraw` (or `carnival verify-draw`).
 *
 * The operator cannot steer the result: the seed is fixed by the commitment before the ticket
 * list and the public value are known, and both of those enter the draw. Nobody else can
 * predict it: the seed stays secret until the draw.
 *
 * The draw, exactly (so that it can be re-implemented anywhere):
 *
 * - key = HMAC-SHA256(key: UTF-8(seed), message: "carnival-lottery-v1" 0x00 ticketsHash 0x00
 *   UTF-8(publicValue)), ticketsHash being the 64 lowercase hex digits of `ticketListHash`.
 * - A stream of integers: block c (c = 0, 1, 2, …) is HMAC-SHA256(key, ASCII "draw#" followed by
 *   c in decimal); each block gives five 48-bit unsigned big-endian integers, from its bytes
 *   0–5, 6–11, 12–17, 18–23 and 24–29 (bytes 30–31 are not used). `int(bound)` takes the next
 *   integer v and returns v mod bound if v < 2^48 − (2^48 mod bound); otherwise it discards v
 *   and takes the next (rejection sampling, so no ticket is favoured by the modulo).
 * - The n tickets in canonical order (ascending code) are positions 0…n−1 of an array a, with
 *   a[i] = i. Drawing step s (s = 0, 1, …) is a step of Fisher–Yates: j = s + int(n − s), swap
 *   a[s] and a[j]; the ticket drawn is a[s] after the swap. Each ticket is drawn at most once.
 * - Prize tiers are walked in the given order, each for its count of prizes. Each prize goes to
 *   the next drawn ticket whose player has fewer than `maxWinsPerPlayer` wins so far; a drawn
 *   ticket whose player has them all is skipped and stays out of the draw. When all n tickets
 *   have been drawn, the prizes left are not awarded.
 *
 * @example
 * const seed = randomBytes(32).toString('hex');
 * publish({ commitment: commitment(seed) });                  // before sales close
 * publish({ ticketsHash: ticketListHash(tickets) });          // when they close
 * const { winners } = drawWinners({ seed, publicValue, tickets, prizes: [{ tier: 'grand', count: 1 }] });
 * publish({ seed, publicValue, winners });                    // at the draw
 */

/**
 * A ticket in the simple form: its code (1 to 64 printable ASCII characters, no spaces) and
 * who holds it (any id without control characters).
 */
export interface Ticket {
  code: string;
  playerId: string;
}

/**
 * The columnar form, for lists of millions: ticket i has code `codes[i]` and is held by
 * `playerIds[players[i]]`. Player ids are listed once each (no duplicates), so 10 million
 * tickets cost 10 million short strings and one 40 MB array rather than 10 million objects.
 *
 * The draw sorts nothing when `codes` and `playerIds` are already in ascending order (by
 * UTF-16 code units, JavaScript's `<`), which is how a frozen list is best exported; otherwise
 * it sorts copies first, which at 10 million tickets took 30 s on the bench machine, against
 * 1.2 s for the hash and draw of a sorted list.
 */
export interface TicketColumns {
  codes: readonly string[];
  players: Int32Array;
  playerIds: readonly string[];
}

/** Either form: the result never depends on which, nor on the order tickets come in. */
export type Tickets = TicketColumns | readonly Ticket[];

export interface Prize {
  tier: string;
  count: number;
}

export interface Winner {
  tier: string;
  /** The winning ticket's code. */
  ticket: string;
  playerId: string;
}

export interface LotteryDraw {
  seed: string;
  publicValue: string;
  tickets: Tickets;
  /** Awarded in this order: put the grand prize first. */
  prizes: readonly Prize[];
  /** How many prizes one player may win; 1 unless given. */
  maxWinsPerPlayer?: number;
}

export interface DrawResult {
  ticketsHash: string;
  /** In the order drawn: tier by tier, as the prizes are listed. */
  winners: Winner[];
}

/** What an operator publishes: the draw's inputs, its commitment and its results. */
export interface PublishedDraw extends LotteryDraw {
  commitment: string;
  ticketsHash: string;
  winners: readonly Winner[];
  /** How the definition required the public value to be written, when it did. */
  publicValueFormat?: PublicValueFormat | undefined;
}

export type DrawVerdict = { ok: true } | { ok: false; problems: string[] };

const DRAW_LABEL = 'carnival-lottery-v1';

/** Ticket codes are 1 to 64 printable ASCII characters without spaces (U+0021–U+007E). */
export const MAX_CODE_LENGTH = 64;

/**
 * The commitment to a seed: hex SHA-256 of its UTF-8 bytes, published before the draw.
 *
 * @example
 * commitment('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function commitment(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/**
 * The hash that freezes a ticket list: hex SHA-256 of its canonical serialization, which lists
 * each player once and each ticket by its player's number:
 *
 *     for each player holding a ticket, by ascending id:   UTF-8(id) "\n"
 *     "\n"
 *     for each ticket, by ascending code:                  code "\t" number "\n"
 *
 * where number is the 0-based position of the ticket's player in the first section, in decimal.
 * Ids and codes are ordered by UTF-16 code units (for codes, printable ASCII, that is byte
 * order). The result depends only on which player holds which code: not on the order tickets
 * come in, nor on the form. Throws a RangeError for a list that has no such serialization
 * (a code on two tickets, a code or id of characters outside those allowed).
 *
 * Why players are numbered rather than each ticket's id written out: copying 10 million ids in
 * code order means a random read of a string per ticket, which took longer than the whole draw
 * takes now; a number per ticket is one small lookup, and the ids are written once, in order.
 *
 * @example
 * ticketListHash([{ code: 'B7', playerId: 'amy' }, { code: 'A1', playerId: 'bo' }]);
 * // SHA-256 of "amy\nbo\n\nA1\t1\nB7\t0\n"
 */
export function ticketListHash(tickets: Tickets): string {
  return freeze(tickets).ticketsHash;
}

/**
 * Draws the winners, as the module comment describes: every input enters the draw, so a
 * different seed, public value or ticket list gives (but for astronomically unlikely luck)
 * different winners. Throws a RangeError for a ticket list or prizes it cannot draw from.
 *
 * @example
 * const { ticketsHash, winners } = drawWinners({
 *   seed, publicValue: '2026-11-11 state lottery: 03 17 22 28 31 + 09',
 *   tickets, prizes: [{ tier: 'grand', count: 1 }, { tier: 'red packet', count: 100 }],
 * });
 */
export function drawWinners(draw: LotteryDraw): DrawResult {
  const maxWins = draw.maxWinsPerPlayer ?? 1;
  const problem = prizeProblem(draw.prizes, maxWins);
  if (problem) throw new RangeError(problem);
  const frozen = freeze(draw.tickets);
  const random = new HmacRandom(new KeyedHmac(drawKey(draw.seed, frozen.ticketsHash, draw.publicValue)), 'draw');
  return { ticketsHash: frozen.ticketsHash, winners: awardPrizes(frozen, random, draw.prizes, maxWins) };
}

/**
 * Checks a published draw: the seed matches the commitment, the ticket list hashes to the
 * published hash, and the winners are exactly those the draw gives, in the same order.
 *
 * @example
 * const verdict = verifyDraw(JSON.parse(publishedText));
 * if (!verdict.ok) verdict.problems.forEach((problem) => console.error(problem));
 */
export function verifyDraw(published: PublishedDraw): DrawVerdict {
  const problems: string[] = [];
  const committed = commitment(published.seed);
  if (committed !== published.commitment.toLowerCase()) {
    problems.push(`commitment: the seed hashes to ${committed}, not to the published ${published.commitment}`);
  }
  if (!publicValueWritten(published.publicValue, published.publicValueFormat)) {
    problems.push(`publicValue: ${JSON.stringify(published.publicValue)} is not written as ${published.publicValueFormat} requires`);
  }
  let result: DrawResult;
  try {
    result = drawWinners(published);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, problems: [...problems, `cannot draw: ${error.message}`] };
  }
  if (result.ticketsHash !== published.ticketsHash.toLowerCase()) {
    problems.push(`ticketsHash: the ticket list hashes to ${result.ticketsHash}, not to the published ${published.ticketsHash}`);
  }
  problems.push(...winnerProblems(published.winners, result.winners));
  return problems.length ? { ok: false, problems } : { ok: true };
}

// The frozen list ---------------------------------------------------------------------------

/** A ticket list in canonical order with its hash and how many tickets each player holds. */
interface Frozen {
  columns: TicketColumns;
  ticketsHash: string;
  /** By player index; the draw counts them down as it draws (a Frozen is drawn from once). */
  ticketsOf: Int32Array;
}

function freeze(tickets: Tickets): Frozen {
  const columns = canonicalColumns(isColumns(tickets) ? tickets : columnsOf(tickets));
  const ticketsOf = countTickets(columns);
  const hash = createHash('sha256');
  hashTickets(hash, columns, hashPlayers(hash, columns.playerIds, ticketsOf));
  return { columns, ticketsHash: hash.digest('hex'), ticketsOf };
}

function isColumns(tickets: Tickets): tickets is TicketColumns {
  return !Array.isArray(tickets);
}

/** The columnar form of a ticket array, each player id listed once. */
function columnsOf(tickets: readonly Ticket[]): TicketColumns {
  const indexOf = new Map<string, number>();
  const playerIds: string[] = [];
  const players = new Int32Array(tickets.length);
  const codes = tickets.map((ticket, i) => {
    let index = indexOf.get(ticket.playerId);
    if (index === undefined) {
      index = playerIds.push(ticket.playerId) - 1;
      indexOf.set(ticket.playerId, index);
    }
    players[i] = index;
    return ticket.code;
  });
  return { codes, players, playerIds };
}

/** The columns with codes and player ids in ascending order: as given when they already are. */
function canonicalColumns(columns: TicketColumns): TicketColumns {
  checkPlayerIndices(columns);
  let { codes, players, playerIds } = columns;
  if (!ascending(playerIds)) ({ players, playerIds } = sortPlayers(players, playerIds));
  if (!ascending(codes)) ({ codes, players } = sortTickets(codes, players));
  return { codes, players, playerIds };
}

function checkPlayerIndices({ codes, players, playerIds }: TicketColumns): void {
  if (players.length !== codes.length) throw new RangeError(`tickets: ${codes.length} codes but ${players.length} players`);
  for (let i = 0; i < players.length; i++) {
    const player = players[i]!;
    if (!(player >= 0 && player < playerIds.length)) throw new RangeError(`tickets: players[${i}] is ${player}, not an index into playerIds`);
  }
}

function ascending(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1]! < values[i]!)) return false;
  return true;
}

/** The positions 0…n−1 ordered by `values`, as JavaScript's `<` compares them. */
function sortedOrder(values: readonly string[]): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
}

function sortPlayers(players: Int32Array, playerIds: readonly string[]): Pick<TicketColumns, 'players' | 'playerIds'> {
  const order = sortedOrder(playerIds);
  const sorted = Array.from(order, (i) => playerIds[i]!);
  const duplicate = sorted.findIndex((id, rank) => rank > 0 && id === sorted[rank - 1]);
  if (duplicate > 0) throw new RangeError(`tickets: the player id ${JSON.stringify(sorted[duplicate])} is listed twice in playerIds`);
  const rankOf = new Int32Array(order.length);
  order.forEach((index, rank) => (rankOf[index] = rank));
  return { players: players.map((index) => rankOf[index]!), playerIds: sorted };
}

function sortTickets(codes: readonly string[], players: Int32Array): Pick<TicketColumns, 'codes' | 'players'> {
  const order = sortedOrder(codes);
  const sorted = Array.from(order, (i) => codes[i]!);
  const duplicate = sorted.findIndex((code, i) => i > 0 && code === sorted[i - 1]);
  if (duplicate > 0) throw new RangeError(`tickets: the code ${JSON.stringify(sorted[duplicate])} is on more than one ticket`);
  return { codes: sorted, players: Int32Array.from(order, (i) => players[i]!) };
}

function countTickets({ players, playerIds }: TicketColumns): Int32Array {
  const ticketsOf = new Int32Array(playerIds.length);
  for (let i = 0; i < players.length; i++) ticketsOf[players[i]!]!++;
  return ticketsOf;
}

type Hash = ReturnType<typeof createHash>;

/** Control characters, or a lone surrogate half (which UTF-8 cannot encode faithfully). */
const BAD_PLAYER_ID = /[\u0000-\u001f\u007f]|\p{Cs}/u;
/**
 * Tickets (and player ids) handled at a time: few enough that each chunk's strings stay small
 * and short-lived, since one large allocation after another next to a 500 MB list of 10 million
 * tickets brings on full collections of it that cost more than the hash.
 */
const CHUNK = 1024;

/**
 * Hashes the first section (the ids of players holding tickets, then the empty line) and
 * returns each player index's number in it.
 */
function hashPlayers(hash: Hash, playerIds: readonly string[], ticketsOf: Int32Array): Int32Array {
  const numberOf = new Int32Array(playerIds.length);
  const lines: string[] = [];
  let next = 0;
  for (let index = 0; index < playerIds.length; index++) {
    if (ticketsOf[index] === 0) continue;
    const id = playerIds[index]!;
    if (id === '' || BAD_PLAYER_ID.test(id)) throw new RangeError(`tickets: the player id ${JSON.stringify(id)} is empty or has a control character or a lone surrogate`);
    numberOf[index] = next++;
    if (lines.push(id) === CHUNK) hash.update(`${lines.splice(0).join('\n')}\n`, 'utf8');
  }
  hash.update(`${lines.map((id) => `${id}\n`).join('')}\n`, 'utf8');
  return numberOf;
}

/**
 * Hashes the second section, `code \t number \n` per ticket, written byte by byte into a buffer
 * (at 10 million tickets, building strings for the hash took twice as long), a chunk of tickets
 * at a time: each chunk's player numbers are looked up first, in a loop of their own, because
 * these reads land all over memory and only a tight loop keeps many of them in flight; inside
 * the main loop they took longer than everything else in it.
 */
function hashTickets(hash: Hash, { codes, players }: TicketColumns, numberOf: Int32Array): void {
  const buffer = new Uint8Array(1 << 20);
  const numbers = new Int32Array(CHUNK);
  let at = 0;
  for (let start = 0; start < codes.length; start += CHUNK) {
    const end = Math.min(codes.length, start + CHUNK);
    for (let i = start; i < end; i++) numbers[i - start] = numberOf[players[i]!]!;
    for (let i = start; i < end; i++) {
      // The longest line: 64 characters, a tab, 10 digits and a newline.
      if (at > buffer.length - 76) {
        hash.update(buffer.subarray(0, at));
        at = 0;
      }
      at = writeLine(buffer, at, codes[i]!, numbers[i - start]!);
    }
  }
  hash.update(buffer.subarray(0, at));
}

/**
 * Writes `code \t number \n` at `at` and returns where it ends, checking the code on the way:
 * 1 to 64 printable ASCII characters without spaces, so that code order is byte order.
 */
function writeLine(buffer: Uint8Array, at: number, code: string, number: number): number {
  let bad = code.length === 0 || code.length > MAX_CODE_LENGTH;
  for (let k = 0; k < code.length && !bad; k++) {
    const char = code.charCodeAt(k);
    bad = char < 0x21 || char > 0x7e;
    buffer[at + k] = char;
  }
  if (bad) throw new RangeError(`tickets: the code ${JSON.stringify(code)} is not 1 to ${MAX_CODE_LENGTH} printable ASCII characters without spaces`);
  let end = at + code.length;
  buffer[end++] = 0x09;
  end = writeDecimal(buffer, end, number);
  buffer[end++] = 0x0a;
  return end;
}

/** Writes `value` (a non-negative integer below 2^32) in decimal at `at`; returns the end. */
function writeDecimal(buffer: Uint8Array, at: number, value: number): number {
  const digits = value < 10 ? 1 : value < 100 ? 2 : value < 1e3 ? 3 : value < 1e4 ? 4 : value < 1e5 ? 5 : value < 1e6 ? 6 : value < 1e7 ? 7 : value < 1e8 ? 8 : value < 1e9 ? 9 : 10;
  let rest = value;
  for (let k = at + digits - 1; k >= at; k--) {
    const tenth = (rest / 10) >>> 0;
    buffer[k] = 0x30 + rest - tenth * 10;
    rest = tenth;
  }
  return at + digits;
}

// The draw ----------------------------------------------------------------------------------

/** The spellings a definition can require of a public value (`publicValueFormat`): each admits one per value. */
const PUBLIC_VALUE_FORMATS = { hex64: /^[0-9a-f]{64}$/ } as const;
export type PublicValueFormat = keyof typeof PUBLIC_VALUE_FORMATS;

/** Whether `value` is written as `format` requires (any text when there is no format). */
export function publicValueWritten(value: string, format: PublicValueFormat | undefined): boolean {
  return format === undefined || PUBLIC_VALUE_FORMATS[format].test(value);
}

function drawKey(seed: string, ticketsHash: string, publicValue: string): Uint8Array {
  return new KeyedHmac(seed).digest(`${DRAW_LABEL}\u0000${ticketsHash}\u0000${publicValue}`);
}

function prizeProblem(prizes: readonly Prize[], maxWins: number): string | undefined {
  if (!Number.isSafeInteger(maxWins) || maxWins < 1) return `maxWinsPerPlayer: expected a whole number 1 or more, got ${maxWins}`;
  const seen = new Set<string>();
  for (const [i, { tier, count }] of prizes.entries()) {
    if (tier === '' || seen.has(tier)) return `prizes[${i}].tier: expected a tier name not empty and not used before, got ${JSON.stringify(tier)}`;
    if (!Number.isSafeInteger(count) || count < 0) return `prizes[${i}].count: expected a whole number 0 or more, got ${count}`;
    seen.add(tier);
  }
  return undefined;
}

/**
 * Walks the prize tiers, drawing tickets as the module comment describes. It stops drawing as
 * soon as no undrawn ticket's player can still win, which gives the same winners as drawing the
 * rest only to skip them, and spares a draw among a few players with many tickets walking them all.
 */
function awardPrizes({ columns, ticketsOf }: Frozen, random: Random, prizes: readonly Prize[], maxWins: number): Winner[] {
  const { codes, players, playerIds } = columns;
  const shuffle = new PartialShuffle(codes.length);
  const undrawnOf = ticketsOf;
  const winsOf = new Map<number, number>();
  let open = codes.length; // undrawn tickets whose player may still win
  const winners: Winner[] = [];
  for (const { tier, count } of prizes) {
    for (let given = 0; given < count && open > 0; ) {
      const ticket = shuffle.draw(random);
      const player = players[ticket]!;
      undrawnOf[player]!--;
      const wins = (winsOf.get(player) ?? 0) + 1;
      if (wins > maxWins) continue;
      winsOf.set(player, wins);
      open--;
      given++;
      if (wins === maxWins) open -= undrawnOf[player]!;
      winners.push({ tier, ticket: codes[ticket]!, playerId: playerIds[player]! });
    }
  }
  return winners;
}

/**
 * Fisher–Yates, one step at a time, over positions 0…n−1 that start in order. Only the
 * positions a step has moved are stored, in a Map, so drawing 10,000 of 10 million tickets
 * holds 10,000 entries, not 10 million. If a draw goes deep (a few players holding most
 * tickets, all of them maxed out), the Map turns into one array once it would outweigh it.
 */
class PartialShuffle {
  readonly #size: number;
  #step = 0;
  #moved: Map<number, number> | undefined = new Map();
  #positions: Uint32Array | undefined;

  constructor(size: number) {
    this.#size = size;
  }

  /** The next ticket index: swaps position s with a uniformly drawn j ≥ s, returns what is now at s. */
  draw(random: Random): number {
    const step = this.#step++;
    const j = step + random.int(this.#size - step);
    const drawn = this.#at(j);
    this.#set(j, this.#at(step));
    return drawn;
  }

  #at(position: number): number {
    return this.#positions ? this.#positions[position]! : (this.#moved!.get(position) ?? position);
  }

  #set(position: number, value: number): void {
    if (this.#positions) this.#positions[position] = value;
    else if (this.#moved!.set(position, value).size > this.#size >>> 4) this.#densify();
  }

  #densify(): void {
    const positions = new Uint32Array(this.#size);
    for (let i = 0; i < positions.length; i++) positions[i] = i;
    for (const [position, value] of this.#moved!) positions[position] = value;
    this.#positions = positions;
    this.#moved = undefined;
  }
}

// Verification ------------------------------------------------------------------------------

const MAX_LISTED = 10;

/** Where the published winners differ from the recomputed ones, the first few by position. */
function winnerProblems(published: readonly Winner[], recomputed: readonly Winner[]): string[] {
  const problems: string[] = [];
  if (published.length !== recomputed.length) {
    problems.push(`winners: ${published.length} published, but the draw gives ${recomputed.length}`);
  }
  const differing: number[] = [];
  for (let i = 0; i < Math.min(published.length, recomputed.length); i++) {
    if (!sameWinner(published[i]!, recomputed[i]!)) differing.push(i);
  }
  for (const i of differing.slice(0, MAX_LISTED)) {
    problems.push(`winners[${i}]: published ${describeWinner(published[i]!)}, but the draw gives ${describeWinner(recomputed[i]!)}`);
  }
  if (differing.length > MAX_LISTED) problems.push(`winners: ${differing.length - MAX_LISTED} more differ`);
  return problems;
}

function sameWinner(a: Winner, b: Winner): boolean {
  return a.tier === b.tier && a.ticket === b.ticket && a.playerId === b.playerId;
}

function describeWinner(winner: Winner): string {
  return `${winner.tier}: ticket ${winner.ticket} of ${winner.playerId}`;
}
