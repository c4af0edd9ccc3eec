/**
 * What happens next in a simulation: events by simulated time, and among events at the same
 * millisecond, in the order they were scheduled. That order is the run's only notion of
 * concurrency, so the same run schedules and executes identically every time.
 *
 * @example
 * const agenda = new Agenda<string>();
 * agenda.add(2000, 'later'); agenda.add(1000, 'sooner');
 * agenda.next(); // { at: 1000, event: 'sooner' }
 */
export class Agenda<E> {
  #at: number[] = [];
  #seq: number[] = [];
  #events: E[] = [];
  #scheduled = 0;

  get size(): number {
    return this.#events.length;
  }

  add(at: number, event: E): void {
    const seq = this.#scheduled++;
    let i = this.#events.length;
    this.#at.push(at);
    this.#seq.push(seq);
    this.#events.push(event);
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** When the next event happens, or undefined when none is left. */
  peek(): number | undefined {
    return this.#at[0];
  }

  next(): { at: number; event: E } | undefined {
    const n = this.#events.length;
    if (n === 0) return undefined;
    const at = this.#at[0]!;
    const event = this.#events[0]!;
    this.#swap(0, n - 1);
    this.#at.pop();
    this.#seq.pop();
    this.#events.pop();
    // Sift down.
    const size = n - 1;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.#before(right, left) ? right : left;
      if (!this.#before(child, i)) break;
      this.#swap(i, child);
      i = child;
    }
    return { at, event };
  }

  #before(i: number, j: number): boolean {
    const a = this.#at[i]!;
    const b = this.#at[j]!;
    return a < b || (a === b && this.#seq[i]! < this.#seq[j]!);
  }

  #swap(i: number, j: number): void {
    const at = this.#at[i]!;
    this.#at[i] = this.#at[j]!;
    this.#at[j] = at;
    const seq = this.#seq[i]!;
    this.#seq[i] = this.#seq[j]!;
    this.#seq[j] = seq;
    const event = this.#events[i]!;
    this.#events[i] = this.#events[j]!;
    this.#events[j] = event;
  }
}
