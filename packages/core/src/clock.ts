/**
 * Time comes in from outside so that every rule is a pure function of its inputs.
 * Epoch milliseconds are the one representation; formatting happens at the edges.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock QA can move: frozen by default, so tests pin the exact instant a rule sees; or
 * running (ticking with real time from wherever it was set), so a demo can start on the first
 * day of a festival and still let a 15-second browse task take 15 seconds.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2026-11-11T00:00:00+08:00'));
 * clock.advance(15_000); // fifteen seconds later
 */
export class ManualClock implements Clock {
  #base: number;
  #setAt: number;
  readonly running: boolean;
  readonly #source: Clock;

  constructor(start: number, options: { running?: boolean; source?: Clock } = {}) {
    this.running = options.running ?? false;
    this.#source = options.source ?? systemClock;
    this.#base = start;
    this.#setAt = this.running ? this.#source.now() : 0;
  }
  now(): number {
    return this.running ? this.#base + (this.#source.now() - this.#setAt) : this.#base;
  }
  set(instant: number): void {
    this.#base = instant;
    if (this.running) this.#setAt = this.#source.now();
  }
  advance(ms: number): void {
    this.#base += ms;
  }
}
