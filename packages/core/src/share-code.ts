import { timingSafeEqual } from 'node:crypto';
import { customRandom, urlAlphabet } from 'nanoid';
import { keyedHmac } from './sha256.ts';
import { randomBytes, type Random } from './random.ts';

/**
 * Share codes: `<id>.<signature>`. The id is a nanoid drawn from the command's seeded stream
 * (so replays and simulations reproduce it), the signature an HMAC of campaign and id under a
 * key derived from the campaign's secret seed. A forged or mistyped code fails the signature
 * check before any lookup, and ids cannot be guessed without the seed.
 */
const ID_LENGTH = 12;
const SIGNATURE_LENGTH = 10;

function signature(seed: string, campaignId: string, id: string): string {
  const mac = keyedHmac(`${seed}\u0000share-code`).digest(`${campaignId}\u0000${id}`);
  return Buffer.from(mac.buffer, mac.byteOffset, mac.length).toString('base64url').slice(0, SIGNATURE_LENGTH);
}

export function newShareId(random: Random): string {
  // nanoid's generator over our stream: bytes from the seeded Random instead of the OS.
  return customRandom(urlAlphabet, ID_LENGTH, (size) => randomBytes(random, size))();
}

export function signShareCode(seed: string, campaignId: string, id: string): string {
  return `${id}.${signature(seed, campaignId, id)}`;
}

/** The id inside a code whose signature is valid, or undefined. */
export function verifyShareCode(seed: string, campaignId: string, code: string): string | undefined {
  const dot = code.indexOf('.');
  if (dot !== ID_LENGTH || code.length !== ID_LENGTH + 1 + SIGNATURE_LENGTH) return undefined;
  const id = code.slice(0, dot);
  const given = Buffer.from(code.slice(dot + 1));
  const expected = Buffer.from(signature(seed, campaignId, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}
