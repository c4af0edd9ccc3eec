/**
 * The numbers a simulation keeps each player's counts under, given out as they are first asked
 * for: one per task (completions), per task for a browse under way, per box (opens), per box for
 * earned boxes not yet opened, per lucky packet (sends), per coupon (collected from the host), and
 * two for boxes and orders in all.
 * Each kind has numbers of its own, so a task named `order` is not counted as an order.
 *
 * @example
 * const slots = new Slots();
 * slots.task('daily-checkin'); // 2, and 2 again every time after
 * slots.box('daily-checkin'); // 3: another kind, another number
 */
export class Slots {
  static readonly BOXES = 0;
  static readonly ORDERS = 1;
  #next = 2;
  readonly #tasks = new Map<string, number>();
  readonly #browsing = new Map<string, number>();
  readonly #boxes = new Map<string, number>();
  readonly #earned = new Map<string, number>();
  readonly #lucky = new Map<string, number>();
  readonly #collected = new Map<string, number>();

  task(id: string): number {
    return this.#slot(this.#tasks, id);
  }
  browsing(taskId: string): number {
    return this.#slot(this.#browsing, taskId);
  }
  box(id: string): number {
    return this.#slot(this.#boxes, id);
  }
  earned(boxId: string): number {
    return this.#slot(this.#earned, boxId);
  }
  lucky(id: string): number {
    return this.#slot(this.#lucky, id);
  }
  collected(couponId: string): number {
    return this.#slot(this.#collected, couponId);
  }

  #slot(numbers: Map<string, number>, id: string): number {
    let slot = numbers.get(id);
    if (slot === undefined) numbers.set(id, (slot = this.#next++));
    return slot;
  }
}

const NONE = new Int32Array(0);

/**
 * What a player's frontend knows of them: counts that keep it from offering what is used up
 * today or for good, and a few facts of the player's game. A player's counts are one typed array
 * indexed by `Slots`: at 100,000 players, the two maps of counts, the map of earned boxes and the
 * set of browse tasks each player had before held ~1 KB a player.
 */
export class PlayerState {
  day = '';
  visitDay = '';
  nextKey = 0;
  code: string | undefined;
  invited = 0;
  adversaryDay = '';
  claimedCoupons = false;
  completedToday = 0;
  /** Per slot: today's count in the first half, the count in all in the second. */
  #counts = NONE;
  #half = 0;

  /** Moves the daily counts to `day` when it is a new one. */
  on(day: string): void {
    if (day === this.day) return;
    this.day = day;
    this.completedToday = 0;
    this.#counts.fill(0, 0, this.#half);
  }
  today(slot: number): number {
    return slot < this.#half ? this.#counts[slot]! : 0;
  }
  total(slot: number): number {
    return slot < this.#half ? this.#counts[this.#half + slot]! : 0;
  }
  /** Whether one more stays within its daily and lifetime caps (an absent cap is none). */
  allows(slot: number, perDay = Infinity, total = Infinity): boolean {
    return this.today(slot) < perDay && this.total(slot) < total;
  }
  /** One more, today and in all. */
  count(slot: number): void {
    this.#room(slot);
    this.#counts[slot]!++;
    this.#counts[this.#half + slot]!++;
  }
  /** Adds `amount` (maybe negative) to the count in all alone: boxes earned and opened, a browse begun and ended. */
  add(slot: number, amount: number): void {
    this.#room(slot);
    this.#counts[this.#half + slot]! += amount;
  }

  #room(slot: number): void {
    if (slot < this.#half) return;
    const half = Math.max(slot + 1, 2 * this.#half, 8);
    const counts = new Int32Array(2 * half);
    counts.set(this.#counts.subarray(0, this.#half));
    counts.set(this.#counts.subarray(this.#half), half);
    this.#counts = counts;
    this.#half = half;
  }
}
