import { hash } from 'node:crypto';

/**
 * The simulator's randomness: sfc32 (Chris Doty-Humphrey's small fast counter), seeded from the
 * SHA-256 of a text. It drives behaviour only (who visits when, what they buy); every draw that
 * pays is the engine's own, seeded by the campaign. A run derives one stream per purpose and
 * player (`fork`), so adding a segment or a player does not shift everyone else's choices.
 *
 * @example
 * const rng = Rng.of('seed-1', 'visits', 'p42');
 * rng.below(6); // 0..5
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  private constructor(words: Uint32Array) {
    this.#a = words[0]! | 0;
    this.#b = words[1]! | 0;
    this.#c = words[2]! | 0;
    this.#d = words[3]! | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  static of(...parts: readonly string[]): Rng {
    const digest = hash('sha256', parts.join('\u0000'), 'buffer');
    return new Rng(new Uint32Array(digest.buffer, digest.byteOffset, 4));
  }

  /** A stream of its own, named by `parts`, drawn from this one's next words. */
  fork(...parts: readonly string[]): Rng {
    return Rng.of(String(this.next()), String(this.next()), ...parts);
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.next() / 4_294_967_296;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  below(n: number): number {
    if (n <= 1) return 0;
    const limit = 4_294_967_296 - (4_294_967_296 % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.float() < p);
  }

  /** Poisson-distributed count with mean `mean` (Knuth's method; fine for the small means of behaviour). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Log-normal around `median` with log-spread `sigma`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Pareto with minimum 1 and tail index `alpha`: heavy-tailed, mean alpha / (alpha - 1) for alpha > 1. */
  pareto(alpha: number): number {
    return (1 - this.float()) ** (-1 / alpha);
  }

  /** Exponential with mean `mean`. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)): number {
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}
