import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAYER_ID } from './keys.ts';
import { commitment, drawWinners, publicValueWritten, ticketListHash, verifyDraw, type Prize, type PublishedDraw, type Ticket, type TicketColumns, type Winner } from './lottery-draw.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const byCode = (a: Ticket, b: Ticket) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

// The procedure as the module comment words it, written again from the words alone: plain
// arrays, a full Fisher–Yates walk with no early stop, its own HMAC stream. The module must agree.

function referenceHash(tickets: readonly Ticket[]): string {
  const players = [...new Set(tickets.map((t) => t.playerId))].sort();
  const number = new Map(players.map((id, i) => [id, i]));
  const lines = [...tickets].sort(byCode).map((t) => `${t.code}\t${number.get(t.playerId)}\n`);
  return sha256(`${players.map((id) => `${id}\n`).join('')}\n${lines.join('')}`);
}

function referenceDraw(seed: string, publicValue: string, tickets: readonly Ticket[], prizes: readonly Prize[], maxWins = 1): Winner[] {
  const key = createHmac('sha256', Buffer.from(seed, 'utf8')).update(`carnival-lottery-v1\u0000${referenceHash(tickets)}\u0000${publicValue}`, 'utf8').digest();
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  const int = (bound: number) => {
    for (;;) {
      if (offset + 6 > block.length) [block, offset] = [createHmac('sha256', key).update(`draw#${counter++}`).digest(), 0];
      const value = block.readUIntBE(offset, 6);
      offset += 6;
      if (value < 2 ** 48 - (2 ** 48 % bound)) return value % bound;
    }
  };
  const sorted = [...tickets].sort(byCode);
  const a = sorted.map((_, i) => i);
  const wins = new Map<string, number>();
  const winners: Winner[] = [];
  let s = 0;
  for (const { tier, count } of prizes) {
    for (let given = 0; given < count && s < a.length; s++) {
      const j = s + int(a.length - s);
      [a[s], a[j]] = [a[j]!, a[s]!];
      const ticket = sorted[a[s]!]!;
      const won = wins.get(ticket.playerId) ?? 0;
      if (won >= maxWins) continue;
      wins.set(ticket.playerId, won + 1);
      given++;
      winners.push({ tier, ticket: ticket.code, playerId: ticket.playerId });
    }
  }
  return winners;
}

// Inputs ------------------------------------------------------------------------------------

const code = fc.string({ unit: fc.constantFrom(...'09AZaz!~-_'), minLength: 1, maxLength: 4 });
/** Ids that sort differently by UTF-16 and by code point ('😀' vs 'ｚ') and need multi-byte UTF-8. */
const playerId = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '中', 'ｚ', '😀', ' '), minLength: 1, maxLength: 3 });
const ticketList = (maxLength = 60) => fc.uniqueArray(fc.record({ code, playerId }), { selector: (t) => t.code, maxLength });
const prizeList = fc.uniqueArray(fc.record({ tier: fc.constantFrom('grand', 'second', 'third', 'lucky'), count: fc.nat(12) }), { selector: (p) => p.tier, maxLength: 4 });
const drawInput = fc.record({
  seed: fc.string(),
  publicValue: fc.string(),
  tickets: ticketList(),
  prizes: prizeList,
  maxWinsPerPlayer: fc.integer({ min: 1, max: 3 }),
});

/** The same tickets in an order drawn from `keys`. */
function reordered<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i })).sort((a, b) => a.key - b.key || b.i - a.i).map((x) => x.item);
}

/** The columnar form with player ids in a scrambled order, plus ids holding no ticket. */
function scrambledColumns(tickets: readonly Ticket[], spareIds: readonly string[]): TicketColumns {
  const holders = [...new Set(tickets.map((t) => t.playerId))].reverse();
  const playerIds = [...new Set([...holders, ...spareIds])];
  return { codes: tickets.map((t) => t.code), players: Int32Array.from(tickets, (t) => playerIds.indexOf(t.playerId)), playerIds };
}

/** `count` tickets T000…, held round-robin by `players` players p00…. */
function numberedTickets(count: number, players = count): Ticket[] {
  return Array.from({ length: count }, (_, i) => ({ code: `T${String(i).padStart(3, '0')}`, playerId: `p${String(i % players).padStart(2, '0')}` }));
}

const SEED = 'f3b1c5d8a2e4f6071829304a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8';
const PUBLIC = '2026-11-11 state lottery: 03 17 22 28 31 + 09';
const PRIZES: Prize[] = [
  { tier: 'grand', count: 2 },
  { tier: 'lucky', count: 18 },
];

function published(tickets: readonly Ticket[] = numberedTickets(200, 150)): PublishedDraw {
  const draw = { seed: SEED, publicValue: PUBLIC, tickets, prizes: PRIZES };
  return { ...draw, commitment: commitment(SEED), ...drawWinners(draw) };
}

// Tests -------------------------------------------------------------------------------------

describe('commitment', () => {
  it('is the hex SHA-256 of the seed', () => {
    expect(commitment('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(commitment('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('ticketListHash', () => {
  it('hashes the player table, an empty line, then one line per ticket by code', () => {
    const tickets = [
      { code: 'B7', playerId: 'amy' },
      { code: 'A1', playerId: 'bo' },
    ];
    expect(ticketListHash(tickets)).toBe(sha256('amy\nbo\n\nA1\t1\nB7\t0\n'));
    expect(ticketListHash([])).toBe(sha256('\n'));
  });

  it('follows the documented serialization, whatever the order or form of the list', () => {
    fc.assert(
      fc.property(ticketList(), fc.array(fc.nat()), fc.array(playerId), (tickets, keys, spare) => {
        const expected = referenceHash(tickets);
        expect(ticketListHash(tickets)).toBe(expected);
        expect(ticketListHash(reordered(tickets, keys))).toBe(expected);
        expect(ticketListHash(scrambledColumns(reordered(tickets, keys), spare))).toBe(expected);
      }),
    );
  });

  it('changes when a ticket is added, removed or handed to another player', () => {
    fc.assert(
      fc.property(ticketList().filter((t) => t.length > 0), fc.nat(), playerId, code, (tickets, pick, other, extra) => {
        const i = pick % tickets.length;
        const hash = ticketListHash(tickets);
        expect(ticketListHash(tickets.filter((_, k) => k !== i))).not.toBe(hash);
        if (!tickets.some((t) => t.code === extra)) expect(ticketListHash([...tickets, { code: extra, playerId: other }])).not.toBe(hash);
        if (other !== tickets[i]!.playerId) expect(ticketListHash(tickets.map((t, k) => (k === i ? { ...t, playerId: other } : t)))).not.toBe(hash);
      }),
    );
  });

  it.each([
    { list: 'two tickets with one code', tickets: [{ code: 'A1', playerId: 'amy' }, { code: 'A1', playerId: 'bo' }], error: /the code "A1" is on more than one ticket/ },
    { list: 'an empty code', tickets: [{ code: '', playerId: 'amy' }], error: /the code "" is not 1 to 64 printable ASCII/ },
    { list: 'a code with a space', tickets: [{ code: 'A 1', playerId: 'amy' }], error: /the code "A 1"/ },
    { list: 'a code beyond ASCII', tickets: [{ code: 'A１', playerId: 'amy' }], error: /the code "A１"/ },
    { list: 'a code of 65 characters', tickets: [{ code: 'A'.repeat(65), playerId: 'amy' }], error: /not 1 to 64/ },
    { list: 'an empty player id', tickets: [{ code: 'A1', playerId: '' }], error: /the player id "" is empty/ },
    { list: 'a player id with a line break', tickets: [{ code: 'A1', playerId: 'a\nb' }], error: /control character/ },
    { list: 'a player id with a lone surrogate', tickets: [{ code: 'A1', playerId: 'a\ud800' }], error: /lone surrogate/ },
  ])('refuses $list', ({ tickets, error }) => {
    expect(() => ticketListHash(tickets)).toThrow(RangeError);
    expect(() => ticketListHash(tickets)).toThrow(error);
  });

  it('refuses columns that do not fit together', () => {
    const codes = ['A1', 'B2'];
    expect(() => ticketListHash({ codes, players: Int32Array.of(0), playerIds: ['amy'] })).toThrow(/2 codes but 1 players/);
    expect(() => ticketListHash({ codes, players: Int32Array.of(0, 1), playerIds: ['amy'] })).toThrow(/players\[1\] is 1, not an index into playerIds/);
    expect(() => ticketListHash({ codes, players: Int32Array.of(0, -1), playerIds: ['amy'] })).toThrow(/players\[1\] is -1/);
    expect(() => ticketListHash({ codes, players: Int32Array.of(0, 1), playerIds: ['amy', 'amy'] })).toThrow(/"amy" is listed twice/);
  });
});

describe('drawWinners', () => {
  it('draws exactly as the documented procedure says', () => {
    fc.assert(
      fc.property(drawInput, (input) => {
        const result = drawWinners(input);
        expect(result.ticketsHash).toBe(referenceHash(input.tickets));
        expect(result.winners).toEqual(referenceDraw(input.seed, input.publicValue, input.tickets, input.prizes, input.maxWinsPerPlayer));
      }),
    );
  });

  it('gives distinct tickets of real players, at most each tier’s count and each player’s limit, tier by tier', () => {
    fc.assert(
      fc.property(drawInput, ({ tickets, prizes, maxWinsPerPlayer, ...rest }) => {
        const { winners } = drawWinners({ ...rest, tickets, prizes, maxWinsPerPlayer });
        const holder = new Map(tickets.map((t) => [t.code, t.playerId]));
        expect(new Set(winners.map((w) => w.ticket)).size).toBe(winners.length);
        for (const w of winners) expect(holder.get(w.ticket)).toBe(w.playerId);
        const perPlayer = count(winners.map((w) => w.playerId));
        for (const wins of perPlayer.values()) expect(wins).toBeLessThanOrEqual(maxWinsPerPlayer);
        const perTier = count(winners.map((w) => w.tier));
        for (const prize of prizes) expect(perTier.get(prize.tier) ?? 0).toBeLessThanOrEqual(prize.count);
        const tierOrder: string[] = prizes.map((p) => p.tier);
        const drawnOrder = winners.map((w) => tierOrder.indexOf(w.tier));
        expect(drawnOrder).toEqual([...drawnOrder].sort((a, b) => a - b));
      }),
    );
  });

  it('leaves prizes unawarded only when no ticket left could win one', () => {
    fc.assert(
      fc.property(drawInput, ({ tickets, prizes, maxWinsPerPlayer, ...rest }) => {
        const { winners } = drawWinners({ ...rest, tickets, prizes, maxWinsPerPlayer });
        if (winners.length === prizes.reduce((sum, p) => sum + p.count, 0)) return;
        const won = new Set(winners.map((w) => w.ticket));
        const perPlayer = count(winners.map((w) => w.playerId));
        for (const t of tickets) if (!won.has(t.code)) expect(perPlayer.get(t.playerId)).toBe(maxWinsPerPlayer);
      }),
    );
  });

  it('draws every player id the engine admits', () => {
    // Control characters (DEL and C1 too) and lone surrogates are what a ticket file cannot hold.
    const unit = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.constantFrom('\u007f', '\u0085', '\ud800', '\udc00', '\n', '|', 'é', '猫'));
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(unit, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 8 }), (ids) => {
        const admitted = ids.filter((id) => PLAYER_ID.test(id));
        const tickets = admitted.map((playerId, i) => ({ code: `T${i}`, playerId }));
        expect(drawWinners({ seed: SEED, publicValue: PUBLIC, tickets, prizes: [{ tier: 'lucky', count: 1 }] }).winners).toHaveLength(admitted.length > 0 ? 1 : 0);
      }),
    );
    for (const refused of ['eve\u007f', 'x\ud800', 'a\u0085b', 'a|b', '', 'x'.repeat(129)]) expect(PLAYER_ID.test(refused)).toBe(false);
    for (const admitted of ['p-10086', '猫猫', '😺', 'x'.repeat(128)]) expect(PLAYER_ID.test(admitted)).toBe(true);
  });

  it('awards every prize when there are enough players', () => {
    const { winners } = drawWinners({ seed: SEED, publicValue: PUBLIC, tickets: numberedTickets(200, 20), prizes: PRIZES });
    expect(count(winners.map((w) => w.tier))).toEqual(new Map([['grand', 2], ['lucky', 18]]));
    expect(new Set(winners.map((w) => w.playerId)).size).toBe(20);
  });

  it('finds every player among one holding almost all tickets (maxWinsPerPlayer 1)', () => {
    const whale = Array.from({ length: 600 }, (_, i) => ({ code: `W${String(i).padStart(3, '0')}`, playerId: 'whale' }));
    const tickets = [...whale, ...numberedTickets(10)];
    const prizes = [{ tier: 'lucky', count: 15 }];
    const { winners } = drawWinners({ seed: SEED, publicValue: PUBLIC, tickets, prizes });
    expect(winners).toHaveLength(11);
    expect(winners).toEqual(referenceDraw(SEED, PUBLIC, tickets, prizes));
  });

  it('is deterministic, and the same whatever the order or form of the ticket list', () => {
    fc.assert(
      fc.property(drawInput, fc.array(fc.nat()), fc.array(playerId), (input, keys, spare) => {
        const result = drawWinners(input);
        expect(drawWinners(input)).toEqual(result);
        expect(drawWinners({ ...input, tickets: reordered(input.tickets, keys) })).toEqual(result);
        expect(drawWinners({ ...input, tickets: scrambledColumns(reordered(input.tickets, keys), spare) })).toEqual(result);
      }),
      { numRuns: 50 },
    );
  });

  it('gives other winners for another seed, public value or ticket list', () => {
    const tickets = numberedTickets(200, 150);
    const base = drawWinners({ seed: SEED, publicValue: PUBLIC, tickets, prizes: PRIZES }).winners;
    const others = [
      { seed: `${SEED}0`, publicValue: PUBLIC, tickets },
      { seed: SEED, publicValue: `${PUBLIC} `, tickets },
      { seed: SEED, publicValue: PUBLIC, tickets: tickets.slice(1) },
      { seed: SEED, publicValue: PUBLIC, tickets: [...tickets, { code: 'T999', playerId: 'p00' }] },
      { seed: SEED, publicValue: PUBLIC, tickets: tickets.map((t, i) => (i === 199 ? { ...t, playerId: 'p00' } : t)) },
    ];
    for (const other of others) expect(drawWinners({ ...other, prizes: PRIZES }).winners).not.toEqual(base);
  });

  it('agrees with the procedure over thousands of tickets, when few positions move', () => {
    // 200 winners among 5,000 tickets: the shuffle keeps its moved positions in a Map throughout
    // (the smaller cases above turn theirs into an array early on).
    const tickets = numberedTickets(5000, 3000);
    const prizes = [{ tier: 'grand', count: 20 }, { tier: 'lucky', count: 180 }];
    expect(drawWinners({ seed: SEED, publicValue: PUBLIC, tickets, prizes }).winners).toEqual(referenceDraw(SEED, PUBLIC, tickets, prizes));
  });

  it('keeps drawing as it always has (a published draw stays verifiable)', () => {
    // Also what a Python script written from the module comment alone computes.
    const { ticketsHash, winners } = drawWinners({ seed: 'golden', publicValue: 'numbers', tickets: numberedTickets(30, 12), prizes: [{ tier: 'grand', count: 1 }, { tier: 'lucky', count: 3 }], maxWinsPerPlayer: 2 });
    expect({ ticketsHash, winners }).toMatchInlineSnapshot(`
      {
        "ticketsHash": "fe5aaf33d11e5da22aab076a23745094110f64e309c09873b261e259f4123a9d",
        "winners": [
          {
            "playerId": "p05",
            "ticket": "T017",
            "tier": "grand",
          },
          {
            "playerId": "p01",
            "ticket": "T013",
            "tier": "lucky",
          },
          {
            "playerId": "p00",
            "ticket": "T000",
            "tier": "lucky",
          },
          {
            "playerId": "p09",
            "ticket": "T009",
            "tier": "lucky",
          },
        ],
      }
    `);
  });

  it('gives each ticket the same chance at a single prize (chi-squared over 4,000 seeds)', () => {
    const tickets = numberedTickets(20);
    const wins = new Map<string, number>();
    for (let s = 0; s < 4000; s++) {
      const [winner] = drawWinners({ seed: `chi-${s}`, publicValue: PUBLIC, tickets, prizes: [{ tier: 'grand', count: 1 }] }).winners;
      wins.set(winner!.ticket, (wins.get(winner!.ticket) ?? 0) + 1);
    }
    // 19 degrees of freedom: 43.82 is exceeded by chance once in 1,000 fair runs.
    expect(chiSquared([...wins.values()], 20, 4000 / 20)).toBeLessThan(43.82);
  });

  it('draws every order of the winners equally often (chi-squared over the 24 orders of 4 tickets)', () => {
    const tickets = numberedTickets(4);
    const orders = new Map<string, number>();
    for (let s = 0; s < 2400; s++) {
      const { winners } = drawWinners({ seed: `order-${s}`, publicValue: PUBLIC, tickets, prizes: [{ tier: 'lucky', count: 4 }] });
      const order = winners.map((w) => w.ticket).join(' ');
      orders.set(order, (orders.get(order) ?? 0) + 1);
    }
    // 23 degrees of freedom: 49.73 is exceeded by chance once in 1,000 fair runs.
    expect(chiSquared([...orders.values()], 24, 2400 / 24)).toBeLessThan(49.73);
  });

  it.each([
    { mistake: 'a negative count', prizes: [{ tier: 'grand', count: -1 }], max: 1, error: /prizes\[0\]\.count: expected a whole number 0 or more, got -1/ },
    { mistake: 'a fractional count', prizes: [{ tier: 'grand', count: 1.5 }], max: 1, error: /prizes\[0\]\.count/ },
    { mistake: 'a tier listed twice', prizes: [{ tier: 'grand', count: 1 }, { tier: 'grand', count: 2 }], max: 1, error: /prizes\[1\]\.tier: expected a tier name not empty and not used before/ },
    { mistake: 'an empty tier', prizes: [{ tier: '', count: 1 }], max: 1, error: /prizes\[0\]\.tier/ },
    { mistake: 'maxWinsPerPlayer 0', prizes: PRIZES, max: 0, error: /maxWinsPerPlayer: expected a whole number 1 or more, got 0/ },
  ])('refuses $mistake', ({ prizes, max, error }) => {
    expect(() => drawWinners({ seed: SEED, publicValue: PUBLIC, tickets: numberedTickets(5), prizes, maxWinsPerPlayer: max })).toThrow(error);
  });
});

describe('verifyDraw', () => {
  it('accepts an honest draw, in either form of the ticket list', () => {
    const draw = published();
    expect(verifyDraw(draw)).toEqual({ ok: true });
    expect(verifyDraw({ ...draw, tickets: scrambledColumns(reordered(draw.tickets as Ticket[], [3, 1, 4, 1, 5]), []) })).toEqual({ ok: true });
    expect(verifyDraw({ ...draw, commitment: draw.commitment.toUpperCase(), ticketsHash: draw.ticketsHash.toUpperCase() })).toEqual({ ok: true });
  });

  it('checks the public value against the format the definition required', () => {
    const value = 'ab'.repeat(32);
    const draw = (publicValue: string) => {
      const input = { seed: SEED, publicValue, tickets: numberedTickets(20, 10), prizes: PRIZES };
      return { ...input, commitment: commitment(SEED), ...drawWinners(input), publicValueFormat: 'hex64' as const };
    };
    expect(verifyDraw(draw(value))).toEqual({ ok: true });
    // Another spelling of the same value draws other winners, and the format rules it out.
    expect(verifyDraw(draw(`0x${value}`))).toEqual({ ok: false, problems: [`publicValue: "0x${value}" is not written as hex64 requires`] });
    expect(publicValueWritten(value.toUpperCase(), 'hex64')).toBe(false);
    expect(publicValueWritten(value.toUpperCase(), undefined)).toBe(true);
  });

  it('accepts every honest draw', () => {
    fc.assert(
      fc.property(drawInput, (input) => {
        expect(verifyDraw({ ...input, commitment: commitment(input.seed), ...drawWinners(input) })).toEqual({ ok: true });
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    { tampering: 'a ticket added', edit: (t: Ticket[]) => [...t, { code: 'T999', playerId: 'p00' }] },
    { tampering: 'a ticket removed', edit: (t: Ticket[]) => t.slice(1) },
    { tampering: 'a ticket handed to another player', edit: (t: Ticket[]) => t.map((x, i) => (i === 7 ? { ...x, playerId: 'p99' } : x)) },
  ])('refuses a ticket list with $tampering', ({ edit }) => {
    const draw = published();
    const verdict = verifyDraw({ ...draw, tickets: edit([...(draw.tickets as Ticket[])]) });
    expect(verdict.ok).toBe(false);
    const problems = verdict.ok ? [] : verdict.problems;
    expect(problems[0]).toMatch(/^ticketsHash: the ticket list hashes to [0-9a-f]{64}, not to the published [0-9a-f]{64}$/);
    expect(problems.slice(1).every((p) => p.startsWith('winners'))).toBe(true);
  });

  it('refuses a seed that is not the committed one', () => {
    const draw = published();
    const other = { ...draw, seed: `${SEED}x` };
    const verdict = verifyDraw({ ...other, ...drawWinners(other) });
    expect(verdict).toEqual({ ok: false, problems: [`commitment: the seed hashes to ${commitment(`${SEED}x`)}, not to the published ${draw.commitment}`] });
  });

  it('refuses winners drawn with another public value', () => {
    const verdict = verifyDraw({ ...published(), publicValue: `${PUBLIC}!` });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.every((p) => /^winners(\[\d+\])?: /.test(p))).toBe(true);
  });

  it('refuses altered winners, naming where they differ', () => {
    const draw = published();
    const [first, second, ...rest] = draw.winners;
    const swapped = verifyDraw({ ...draw, winners: [second!, first!, ...rest] });
    expect(swapped).toEqual({
      ok: false,
      problems: [
        `winners[0]: published grand: ticket ${second!.ticket} of ${second!.playerId}, but the draw gives grand: ticket ${first!.ticket} of ${first!.playerId}`,
        `winners[1]: published grand: ticket ${first!.ticket} of ${first!.playerId}, but the draw gives grand: ticket ${second!.ticket} of ${second!.playerId}`,
      ],
    });
    const promoted = verifyDraw({ ...draw, winners: draw.winners.map((w, i) => (i === 5 ? { ...w, tier: 'grand' } : w)) });
    expect(promoted.ok ? [] : promoted.problems).toEqual([expect.stringMatching(/^winners\[5\]: published grand: .*, but the draw gives lucky: /)]);
    const dropped = verifyDraw({ ...draw, winners: draw.winners.slice(0, -1) });
    expect(dropped).toEqual({ ok: false, problems: ['winners: 19 published, but the draw gives 20'] });
    const invented = verifyDraw({ ...draw, winners: draw.winners.map((w) => ({ ...w, playerId: 'p99' })) });
    expect(invented.ok ? [] : invented.problems).toHaveLength(11);
    expect(invented.ok ? '' : invented.problems[10]).toBe('winners: 10 more differ');
  });

  it('reports a ticket list it cannot draw from rather than throwing', () => {
    const draw = published();
    const verdict = verifyDraw({ ...draw, tickets: [...(draw.tickets as Ticket[]), { code: 'T000', playerId: 'p01' }] });
    expect(verdict).toEqual({ ok: false, problems: ['cannot draw: tickets: the code "T000" is on more than one ticket'] });
  });
});

function count(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Σ (observed − expected)² / expected over `categories` categories (those never seen count 0). */
function chiSquared(observed: readonly number[], categories: number, expected: number): number {
  const missing = categories - observed.length;
  return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, (missing * expected ** 2) / expected);
}
