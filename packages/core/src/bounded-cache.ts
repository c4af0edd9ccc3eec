/**
 * A map of values that are cheap to make again and must not grow without end (names interned
 * from request data, experiment assignments, keyed HMACs): once it holds `bound`
 * entries it forgets them all and starts over, which costs rebuilding, never a wrong answer.
 *
 * @example
 * const macs = new BoundedCache<string, KeyedHmac>(64);
 * const mac = macs.get(secret) ?? macs.add(secret, new KeyedHmac(secret));
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #bound: number;

  constructor(bound: number) {
    if (!Number.isSafeInteger(bound) || bound < 1) throw new RangeError(`a cache holds at least 1 entry, got ${bound}`);
    this.#bound = bound;
  }

  get size(): number {
    return this.#entries.size;
  }
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }
  /** Keeps `value` under `key`, forgetting every entry first when the cache is full, and returns it. */
  add(key: K, value: V): V {
    if (this.#entries.size >= this.#bound && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
