import { drawWinners, ticketListHash, type Prize, type TicketColumns } from '@carnival/core';
import { mulberry32 } from './mulberry32.ts';

/**
 * The Double 11 lottery at full size: 10 million tickets over 3 million player ids, 10,000
 * prizes (1,111 + 8,889), one win per player. The list is generated from a fixed seed in the
 * columnar form, codes and player ids already in ascending order as a frozen list is exported,
 * so the figures are the hash and the draw alone (target: under 3 s and 1 GiB together).
 */

export interface LotteryFigure {
  tickets: number;
  /** Player ids holding at least one ticket. */
  players: number;
  winners: number;
  generateMs: number;
  /** `ticketListHash` alone. */
  hashMs: number;
  /** `drawWinners`: the hash again, then the draw. */
  drawMs: number;
  /** Resident memory once the list is generated, before the hash and the draw. */
  listRssMb: number;
  /** The process's peak resident memory: the list, the hash and the draw. */
  peakRssMb: number;
  heapUsedMb: number;
}

const TICKETS = 10_000_000;
const PLAYER_IDS = 3_000_000;
const PRIZES: Prize[] = [
  { tier: 'Mate 80 Pro', count: 1_111 },
  { tier: '88 yuan red packet', count: 8_889 },
];
/** Crockford's base32: its digits are in ASCII order, so codes sort as the numbers they encode. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;

export function benchLotteryDraw(tickets = TICKETS, playerIds = PLAYER_IDS): LotteryFigure {
  let started = performance.now();
  const columns = generateTickets(tickets, playerIds);
  const generateMs = performance.now() - started;
  const listRssMb = process.memoryUsage().rss / 2 ** 20;

  started = performance.now();
  const hash = ticketListHash(columns);
  const hashMs = performance.now() - started;

  started = performance.now();
  const result = drawWinners({ seed: 'bench-lottery-seed', publicValue: '2026-11-11 closing numbers', tickets: columns, prizes: PRIZES });
  const drawMs = performance.now() - started;
  if (result.ticketsHash !== hash) throw new Error('the draw hashed the ticket list differently');

  return {
    tickets,
    players: holders(columns),
    winners: result.winners.length,
    generateMs,
    hashMs,
    drawMs,
    listRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

/** Player ids holding at least one ticket. */
function holders({ players, playerIds }: TicketColumns): number {
  const holds = new Uint8Array(playerIds.length);
  for (const player of players) holds[player] = 1;
  return holds.reduce((sum, held) => sum + held, 0);
}

/**
 * Ascending 10-character codes spread over the whole code space (a random gap between
 * neighbours, so they do not read as a counter), each held by a uniformly drawn player.
 */
function generateTickets(tickets: number, playerIds: number): TicketColumns {
  const word = mulberry32(11_11);
  const next = () => word() / 4294967296;
  const space = 32 ** CODE_LENGTH;
  const gap = Math.floor(space / tickets);
  const codes = new Array<string>(tickets);
  const players = new Int32Array(tickets);
  const chars = new Array<number>(CODE_LENGTH);
  for (let i = 0; i < tickets; i++) {
    let value = i * gap + Math.floor(next() * gap);
    for (let k = CODE_LENGTH - 1; k >= 0; k--) {
      chars[k] = BASE32.charCodeAt(value % 32);
      value = Math.floor(value / 32);
    }
    codes[i] = String.fromCharCode(...chars);
    players[i] = Math.floor(next() * playerIds);
  }
  const ids = Array.from({ length: playerIds }, (_, i) => `u${String(i).padStart(8, '0')}`);
  return { codes, players, playerIds: ids };
}

