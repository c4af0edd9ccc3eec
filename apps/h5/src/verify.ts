/**
 * Checks a published lottery draw in the browser, from the published data alone, by the
 * procedure `packages/core/src/lottery-draw.ts` specifies so that anyone can re-implement it:
 * the seed hashes to the commitment, the frozen list to its hash, and the draw gives exactly the
 * published winners. Written again on WebCrypto on purpose: a verifier that shared the
 * server's code would check nothing; the unit test holds it to core's draw.
 */

export interface DrawToVerify {
  commitment: string;
  seed: string;
  publicValue: string;
  ticketsHash: string;
  tickets: readonly { code: string; playerId: string }[];
  prizes: readonly { tier: string; count: number }[];
  maxWinsPerPlayer?: number | undefined;
  winners: readonly { tier: string; ticket: string; playerId: string }[];
}

export type Verdict = { ok: true } | { ok: false; problem: string };

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string) => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
const hmacKey = (key: BufferSource) => crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const byUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether this browser can verify: WebCrypto's digest is only given to secure contexts. */
export const canVerify = () => typeof crypto !== 'undefined' && crypto.subtle !== undefined;

/** The canonical serialization's hash: player ids ascending, a blank line, then `code \t number`. */
export async function ticketsHashOf(tickets: DrawToVerify['tickets']): Promise<{ hash: string; ordered: DrawToVerify['tickets'] }> {
  const ids = [...new Set(tickets.map((t) => t.playerId))].sort(byUnits);
  const numberOf = new Map(ids.map((id, i) => [id, i]));
  const ordered = [...tickets].sort((a, b) => byUnits(a.code, b.code));
  const text = `${ids.map((id) => `${id}\n`).join('')}\n${ordered.map((t) => `${t.code}\t${numberOf.get(t.playerId)}\n`).join('')}`;
  return { hash: await sha256(text), ordered };
}

/** The draw's integer stream: HMAC blocks "draw#c", five 48-bit integers each, rejection-sampled. */
function drawStream(key: CryptoKey) {
  const RANGE = 2 ** 48;
  let counter = 0;
  let block = new Uint8Array(0);
  let offset = 0;
  const next48 = async () => {
    if (offset + 6 > block.length) {
      block = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`draw#${counter++}`)));
      offset = 0;
    }
    let value = 0;
    for (let i = 0; i < 6; i++) value = value * 256 + block[offset + i]!;
    offset += 6;
    return value;
  };
  return async (bound: number) => {
    const limit = RANGE - (RANGE % bound);
    for (;;) {
      const value = await next48();
      if (value < limit) return value % bound;
    }
  };
}

export async function verifyDraw(draw: DrawToVerify): Promise<Verdict> {
  if ((await sha256(draw.seed)) !== draw.commitment.toLowerCase()) return { ok: false, problem: 'seed ≠ commitment' };
  const { hash, ordered } = await ticketsHashOf(draw.tickets);
  if (hash !== draw.ticketsHash.toLowerCase()) return { ok: false, problem: 'ticket list ≠ ticketsHash' };

  const key = await hmacKey(
    await crypto.subtle.sign('HMAC', await hmacKey(encoder.encode(draw.seed)), encoder.encode(`carnival-lottery-v1\u0000${hash}\u0000${draw.publicValue}`)),
  );
  const int = drawStream(key);
  const maxWins = draw.maxWinsPerPlayer ?? 1;
  const positions = ordered.map((_, i) => i);
  const wins = new Map<string, number>();
  const winners: DrawToVerify['winners'][number][] = [];
  let step = 0;
  for (const { tier, count } of draw.prizes) {
    for (let given = 0; given < count && step < positions.length; step++) {
      // One Fisher–Yates step: swap position s with a uniform j ≥ s; the ticket drawn lands at s.
      const j = step + (await int(positions.length - step));
      [positions[step], positions[j]] = [positions[j]!, positions[step]!];
      const ticket = ordered[positions[step]!]!;
      const won = wins.get(ticket.playerId) ?? 0;
      if (won >= maxWins) continue;
      wins.set(ticket.playerId, won + 1);
      winners.push({ tier, ticket: ticket.code, playerId: ticket.playerId });
      given++;
    }
  }
  const same =
    winners.length === draw.winners.length &&
    winners.every((w, i) => w.tier === draw.winners[i]!.tier && w.ticket === draw.winners[i]!.ticket && w.playerId === draw.winners[i]!.playerId);
  return same ? { ok: true } : { ok: false, problem: 'winners ≠ the draw' };
}
