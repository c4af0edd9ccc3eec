/**
 * Model-based tests: random sequences of player commands, duplicates, retries, key reuse and
 * clock moves (seconds, hours, across campaign-local midnights) against every store. After each
 * step the store must hold every invariant, and agree with the model on the answer, the ledger,
 * the balances and each player's page.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_PLAYERS, MODEL_SEED, isFresh, ledgerAccounts, modelCampaign, playerStates, storedBalances, wholeLedger } from './fixtures.ts';
import { checkInvariants } from './invariants.ts';
import { Oracle, viewOf } from './oracle.ts';
import { Session, stepArb, type Step } from './session.ts';
import { storeFactories, withStore } from './stores.ts';

/** Runs per store; `RUNS=500 npx vitest run test/model.test.ts` for a soak. */
const RUNS = Number(process.env.RUNS ?? 40);
const MAX_STEPS = 40;
const ACCOUNTS = ledgerAccounts(MODEL_PLAYERS);

class StepCommand implements fc.AsyncCommand<Oracle, Session> {
  constructor(readonly step: Step) {}

  check(): boolean {
    return true;
  }

  async run(oracle: Oracle, session: Session): Promise<void> {
    const { store, campaignId } = session;
    const before = await wholeLedger(store, campaignId);
    const exchange = await session.perform(this.step);
    await checkInvariants(session, modelCampaign, MODEL_PLAYERS);
    const ledger = await wholeLedger(store, campaignId);
    if (!exchange?.results.some(isFresh)) expect(ledger, 'no fresh receipt, no new posting').toEqual(before);

    if (exchange) oracle.check(exchange);
    expect(ledger).toEqual(oracle.entries);
    expect(await storedBalances(store, campaignId, ACCOUNTS)).toEqual(Object.fromEntries(ACCOUNTS.map((a) => [a, oracle.balance(a)])));
    const pages = await playerStates(store, campaignId, MODEL_PLAYERS, session.now);
    expect(pages.map(viewOf)).toEqual(MODEL_PLAYERS.map((player) => oracle.view(player, session.now)));
  }

  toString(): string {
    return JSON.stringify(this.step);
  }
}

const sequences = fc.commands([stepArb.map((step) => new StepCommand(step))], { maxCommands: MAX_STEPS, size: 'max' });

describe.each(storeFactories)('model: $name', (factory) => {
  afterAll(() => factory.cleanup());

  it('agrees with the model and keeps every invariant, step after step', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, (steps) =>
        withStore(factory, async (store) => {
          await store.publish(modelCampaign, { seed: MODEL_SEED });
          await fc.asyncModelRun(() => ({ model: new Oracle(modelCampaign, MODEL_SEED), real: new Session(store) }), steps);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});
