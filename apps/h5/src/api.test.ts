import { describe, expect, it } from 'vitest';
import { command } from './api.ts';

type Header = { 'Idempotency-Key': string };
const answer = (status: number, body: unknown) => ({ ok: status < 300, status, json: async () => body });

/** A fake route that notes each key it is sent and answers as told: a status, or no answer at all. */
function route(keys: string[]) {
  return (reply: number | 'lost') => (header: Header) => {
    keys.push(header['Idempotency-Key']);
    return reply === 'lost' ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(answer(reply, reply < 300 ? { type: 'box.opened' } : { code: 'NO_BOX_TO_OPEN', status: reply }));
  };
}

describe('command', () => {
  it('retries a lost answer under the same key, so the server replays it, and takes a new key once answered', async () => {
    const keys: string[] = [];
    const send = route(keys);
    const client = {};
    expect(await command(client, 'surprise-box', send('lost'))).toEqual({ ok: false, problem: { code: 'NETWORK' } });
    expect(await command(client, 'surprise-box', send('lost'))).toMatchObject({ ok: false });
    expect(await command(client, 'surprise-box', send(200))).toEqual({ ok: true, value: { type: 'box.opened' } });
    expect(await command(client, 'surprise-box', send(409))).toMatchObject({ ok: false, problem: { code: 'NO_BOX_TO_OPEN' } });
    expect(await command(client, 'surprise-box', send(200))).toMatchObject({ ok: true });
    // One key until the first answer; a refusal is an answer too.
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(new Set(keys.slice(2)).size).toBe(3);
    expect(keys[0]).toMatch(/^h5-surprise-box-[0-9a-f]{24}$/);
  });

  it('keeps lost keys apart by action, by body and by client', async () => {
    const keys: string[] = [];
    const send = route(keys);
    const [amy, bob] = [{}, {}];
    await command(amy, 'assist', send('lost'), 'CODE-1');
    await command(amy, 'assist', send('lost'), 'CODE-2');
    await command(bob, 'assist', send('lost'), 'CODE-1');
    await command(amy, 'invite', send('lost'));
    await command(amy, 'assist', send(200), 'CODE-1');
    expect(new Set(keys.slice(0, 4)).size).toBe(4);
    expect(keys[4]).toBe(keys[0]);
  });
});
