import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlayerState, Slots } from './player-state.ts';

type Step = { kind: 'on'; day: string } | { kind: 'count'; slot: number } | { kind: 'add'; slot: number; amount: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('on' as const), day: fc.constantFrom('2026-11-10', '2026-11-11', '2026-11-12') }),
  // Slots past the first growth (8) and the second (16), so growing is tried with counts in both halves.
  fc.record({ kind: fc.constant('count' as const), slot: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('add' as const), slot: fc.integer({ min: 0, max: 40 }), amount: fc.integer({ min: -3, max: 3 }) }),
);

describe('PlayerState', () => {
  it('answers as maps of counts today and in all would, whatever the order of days, counts and slots', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 1, maxLength: 10 }), (steps, asked) => {
        const state = new PlayerState();
        let day = '';
        const today = new Map<number, number>();
        const total = new Map<number, number>();
        for (const s of steps) {
          if (s.kind === 'on') {
            state.on(s.day);
            if (s.day !== day) today.clear();
            day = s.day;
          } else if (s.kind === 'count') {
            state.count(s.slot);
            today.set(s.slot, (today.get(s.slot) ?? 0) + 1);
            total.set(s.slot, (total.get(s.slot) ?? 0) + 1);
          } else {
            state.add(s.slot, s.amount);
            total.set(s.slot, (total.get(s.slot) ?? 0) + s.amount);
          }
          for (const slot of asked) {
            expect([state.today(slot), state.total(slot)]).toEqual([today.get(slot) ?? 0, total.get(slot) ?? 0]);
            expect(state.allows(slot, 2, 5)).toBe((today.get(slot) ?? 0) < 2 && (total.get(slot) ?? 0) < 5);
          }
        }
      }),
    );
  });

  it('lets an absent cap be none', () => {
    const state = new PlayerState();
    for (let i = 0; i < 1000; i++) state.count(3);
    expect(state.allows(3)).toBe(true);
    expect(state.allows(3, undefined, 1000)).toBe(false);
  });
});

describe('Slots', () => {
  it('gives each kind and id one number of its own, the same every time', () => {
    const slots = new Slots();
    const given = [slots.task('order'), slots.browsing('order'), slots.box('order'), slots.earned('order'), slots.lucky('order')];
    expect(new Set([...given, Slots.BOXES, Slots.ORDERS]).size).toBe(7);
    expect([slots.task('order'), slots.browsing('order'), slots.box('order'), slots.earned('order'), slots.lucky('order')]).toEqual(given);
    expect(slots.task('checkin')).toBe(Math.max(...given) + 1);
  });
});
