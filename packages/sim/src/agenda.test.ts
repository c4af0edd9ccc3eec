import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Agenda } from './agenda.ts';

describe('Agenda', () => {
  it('gives events by time, and events of one millisecond in the order they were added', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const agenda = new Agenda<number>();
        times.forEach((at, i) => agenda.add(at, i));
        const out: number[] = [];
        for (let next = agenda.next(); next; next = agenda.next()) out.push(next.event);
        const expected = times.map((at, i) => ({ at, i })).sort((a, b) => a.at - b.at || a.i - b.i).map((e) => e.i);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('takes events added while it is being drained', () => {
    const agenda = new Agenda<string>();
    agenda.add(10, 'a');
    const first = agenda.next()!;
    agenda.add(first.at + 5, 'b');
    agenda.add(first.at, 'c');
    expect([agenda.next()!.event, agenda.next()!.event, agenda.next()]).toEqual(['c', 'b', undefined]);
  });
});
