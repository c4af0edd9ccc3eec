/**
 * mulberry32: a small, fast deterministic generator of 32-bit words, so every benchmark run
 * generates the same inputs (never for anything a player sees: the engine draws from HMAC).
 *
 * @example const word = mulberry32(1); word() / 2 ** 32 // a float in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
