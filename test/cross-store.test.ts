/**
 * Cross-store equivalence: the same steps on every store give the same answers, byte for byte,
 * and leave the same ledger, balances and player pages as the reference (memory) store.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, MODEL_PLAYERS, MODEL_SEED, SECOND, ledgerAccounts, modelCampaign, playerStates, storedBalances, wholeLedger } from './fixtures.ts';
import { Session, stepArb, type Action, type Step } from './session.ts';
import { storeFactories, withStore, type StoreFactory } from './stores.ts';

const SEED = 20_261_111;
const PUBLISHED_AT = Date.parse('2026-10-30T09:00:00+08:00');

const send = (player: string, action: Action, copies = 1): Step => ({ kind: 'send', player, action, copies });
const complete = (task: string, asHost = false): Action => ({ type: 'complete', task, asHost });
const accept = (inviter: string, options: { newCustomer?: boolean; forged?: boolean } = {}): Action => ({
  type: 'accept',
  inviter,
  newCustomer: options.newCustomer ?? false,
  forged: options.forged ?? false,
});

/** Two days of play touching every mechanic, with what each step must come to. */
const handWritten: [Step, string?][] = [
  [send('ann', complete('checkin')), 'task.completed'],
  [send('ann', { type: 'start', task: 'venue' }), 'task.started'],
  [{ kind: 'wait', ms: 4 * SECOND }],
  [send('ann', complete('venue')), 'BROWSE_TOO_EARLY'],
  [{ kind: 'wait', ms: 6 * SECOND }],
  [send('ann', complete('venue'), 3), 'task.completed'],
  [send('ann', { type: 'invite' }), 'invitation.created'],
  [send('bob', accept('ann', { newCustomer: true })), 'invitation.accepted'],
  [send('cat', accept('ann')), 'INVITER_DAILY_CAP'],
  [send('cat', accept('ann', { forged: true })), 'INVALID_SHARE_CODE'],
  [send('ann', accept('ann')), 'SELF_ASSIST'],
  [send('ann', { type: 'open', box: 'bag' }), 'box.opened'],
  [send('ann', { type: 'open', box: 'bag' }, 2), 'box.opened'],
  [send('ann', complete('follow')), 'HOST_VERIFIED_TASK'],
  [send('ann', complete('follow', true)), 'task.completed'],
  [send('ann', complete('share')), 'task.completed'],
  [{ kind: 'retry', pick: 3 }, 'task.completed'],
  [{ kind: 'reuse', pick: 0, action: { type: 'open', box: 'crate' } }, 'IDEMPOTENCY_CONFLICT'],
  [{ kind: 'midnight', ms: 5 * SECOND }],
  [send('ann', complete('checkin')), 'task.completed'],
  [send('ann', complete('checkin')), 'ALREADY_CHECKED_IN'],
  [send('ann', complete('cart')), 'TASK_NOT_OPEN'],
  [send('cat', accept('ann')), 'invitation.accepted'],
  [send('bob', { type: 'open', box: 'crate' }), 'box.opened'],
  [send('bob', { type: 'open', box: 'crate' }), 'box.opened'],
  [send('bob', { type: 'open', box: 'crate' }), 'TOTAL_LIMIT_REACHED'],
  [send('cat', { type: 'open', box: 'bag' }), 'INSUFFICIENT_CANDY'],
  [send('cat', { type: 'open', box: 'crate' }), 'box.opened'],
  [{ kind: 'wait', ms: 6 * HOUR }],
  [send('bob', complete('share')), 'task.completed'],
  [send('bob', complete('share')), 'task.completed'],
  [send('bob', complete('share')), 'DAILY_LIMIT_REACHED'],
];

const handWrittenSteps = handWritten.map(([step]) => step);

const sequences: [string, Step[]][] = [
  ['a hand-written sequence', handWrittenSteps],
  ...fc
    .sample(fc.array(stepArb, { minLength: 30, maxLength: 80, size: 'max' }), { seed: SEED, numRuns: 8 })
    .map((steps, i): [string, Step[]] => [`seeded sequence #${i + 1} (seed ${SEED})`, steps]),
];

/** Plays the steps on a new store; everything observable afterwards, as JSON. */
async function play(factory: StoreFactory, steps: readonly Step[]) {
  return withStore(factory, async (store) => {
    await store.publish(modelCampaign, { seed: MODEL_SEED, now: PUBLISHED_AT });
    const session = new Session(store);
    for (const step of steps) await session.perform(step);
    const { campaignId } = session;
    return JSON.parse(
      JSON.stringify({
        exchanges: session.exchanges,
        ledger: await wholeLedger(store, campaignId),
        balances: await storedBalances(store, campaignId, ledgerAccounts(MODEL_PLAYERS)),
        players: await playerStates(store, campaignId, MODEL_PLAYERS, session.now),
        campaigns: await store.campaigns(),
      }),
    ) as { exchanges: Session['exchanges']; ledger: unknown[] } & Record<string, unknown>;
  });
}

const [reference, ...others] = storeFactories;
if (!reference) throw new Error('no store factories');

it('plays the hand-written sequence as written on the reference store', async () => {
  const { exchanges } = await play(reference, handWrittenSteps);
  const expected = handWritten.flatMap(([, what]) => (what === undefined ? [] : [what]));
  expect(exchanges.map(({ results: [first] }) => (first?.ok ? first.receipt.outcome.type : first?.error.code))).toEqual(expected);
});

describe.each(others)('$name against the reference store', (factory) => {
  afterAll(async () => {
    await reference.cleanup();
    await factory.cleanup();
  });

  it.each(sequences)('%s: identical receipts, ledger, balances and pages', async (_, steps) => {
    const expected = await play(reference, steps);
    const actual = await play(factory, steps);
    expect(actual).toStrictEqual(expected);
    expect(JSON.stringify(actual.exchanges), 'receipts serialize byte for byte alike').toBe(JSON.stringify(expected.exchanges));
  });

  it('serializes postings byte for byte alike', async () => {
    const [expected, actual] = [await play(reference, handWrittenSteps), await play(factory, handWrittenSteps)];
    const fieldOrder = (entries: unknown[]) => entries.map((entry) => Object.keys(entry as object).join(' '));
    expect(fieldOrder(actual.ledger), 'fields in the same order').toEqual(fieldOrder(expected.ledger));
    expect(JSON.stringify(actual.ledger)).toBe(JSON.stringify(expected.ledger));
  });
});
