import { commitment, drawWinners, type Prize, type Ticket } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { verifyDrawCommand } from './verify-draw.ts';

const SEED = '5e6f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7';
const PUBLIC = '2026-11-11 state lottery: 03 17 22 28 31 + 09';
const PRIZES: Prize[] = [
  { tier: 'grand', count: 1 },
  { tier: 'red packet', count: 9 },
];
const TICKETS: Ticket[] = Array.from({ length: 120 }, (_, i) => ({ code: `D11-${String(i).padStart(4, '0')}`, playerId: `player-${i % 80}` }));

/** The draw an honest operator publishes, changed by `edit`. */
function publishedDraw(edit: (draw: any) => void = () => {}) {
  const result = drawWinners({ seed: SEED, publicValue: PUBLIC, tickets: TICKETS, prizes: PRIZES });
  const draw = structuredClone({ lotteryId: 'double11-grand-draw', commitment: commitment(SEED), seed: SEED, publicValue: PUBLIC, ticketsHash: result.ticketsHash, tickets: TICKETS, prizes: PRIZES, winners: result.winners });
  edit(draw);
  return draw;
}

const ndjson = (tickets: readonly unknown[]) => tickets.map((t) => `${JSON.stringify(t)}\n`).join('');

async function verify(files: Record<string, string>, ...args: string[]) {
  const { io, out } = memoryIo(files);
  const code = await verifyDrawCommand.run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

const file = (draw: unknown) => JSON.stringify(draw, null, 2);

describe('carnival verify-draw', () => {
  it('verifies an honest draw and summarises it', async () => {
    expect(await verify({ 'd.json': file(publishedDraw()) }, 'd.json')).toEqual({
      code: 0,
      stdout: 'd.json: verified (double11-grand-draw): 120 tickets of 80 players, 10 winners, as published\n',
      stderr: '',
    });
  });

  it('reads the tickets from an NDJSON file next to the draw', async () => {
    const files = {
      'draws/d.json': file(publishedDraw((d) => (d.tickets = 'tickets.ndjson'))),
      'draws/tickets.ndjson': ndjson([...TICKETS].reverse()).replace('\n', '\n\n'),
    };
    const result = await verify(files, 'draws/d.json');
    expect(result).toEqual({ code: 0, stdout: 'draws/d.json: verified (double11-grand-draw): 120 tickets of 80 players, 10 winners, as published\n', stderr: '' });
  });

  it('prints each problem and exits 1 when the draw does not verify', async () => {
    const draw = publishedDraw((d) => {
      d.seed = `${SEED}0`;
      d.tickets = d.tickets.map((t: Ticket, i: number) => (i === 3 ? { ...t, playerId: 'player-0' } : t));
      d.winners[0].playerId = 'someone-else';
    });
    const result = await verify({ 'd.json': file(draw) }, 'd.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`d.json: commitment: the seed hashes to ${commitment(`${SEED}0`)}, not to the published ${commitment(SEED)}`);
    expect(lines[1]).toMatch(/^d\.json: ticketsHash: the ticket list hashes to [0-9a-f]{64}, not to the published [0-9a-f]{64}$/);
    expect(lines[2]).toMatch(/^d\.json: winners\[0\]: published grand: ticket D11-\d{4} of someone-else, but the draw gives grand: ticket D11-\d{4} of player-\d+$/);
  });

  it('names a winner list altered after the draw', async () => {
    const draw = publishedDraw((d) => (d.winners = d.winners.slice(1)));
    const result = await verify({ 'd.json': file(draw) }, 'd.json');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('d.json: winners: 9 published, but the draw gives 10');
  });

  it('reports a file that is not a published draw, by path, and exits 1', async () => {
    const draw = publishedDraw((d) => {
      delete d.seed;
      d.ticketsHash = 'abc';
      d.tickets[2].code = 'D11 0002';
      d.prizes[1].count = -1;
    });
    const result = await verify({ 'd.json': file(draw) }, 'd.json');
    expect(result).toEqual({
      code: 1,
      stdout:
        'd.json: seed: expected the revealed seed, a string, got nothing\n' +
        'd.json: ticketsHash: expected 64 hex digits (a SHA-256), got "abc"\n' +
        'd.json: prizes[1].count: expected a whole number of prizes, 0 or more, got -1\n',
      stderr: '',
    });
    const tickets = await verify({ 'd.json': file(publishedDraw((d) => (d.tickets[2].code = 'D11 0002'))) }, 'd.json');
    expect(tickets.stdout).toBe('d.json: tickets[2].code: expected a ticket code: 1 to 64 printable ASCII characters without spaces, got "D11 0002"\n');
    const duplicate = await verify({ 'd.json': file(publishedDraw((d) => d.tickets.push(d.tickets[0]))) }, 'd.json');
    expect(duplicate.stdout).toBe('d.json: cannot draw: tickets: the code "D11-0000" is on more than one ticket\n');
  });

  it('names the lines of an NDJSON ticket file that are not tickets', async () => {
    const lines = ndjson(TICKETS.slice(0, 3)) + '{"code":"X1","playerId":"p","extra":1}\n{"code":"X2",\n{"code":"X 3","playerId":"p"}\n';
    const result = await verify({ 'd.json': file(publishedDraw((d) => (d.tickets = 't.ndjson'))), 't.ndjson': lines }, 'd.json');
    expect(result).toEqual({
      code: 1,
      stdout:
        'd.json: t.ndjson: line 4: extra: expected no such field (check its spelling), got 1\n' +
        "d.json: t.ndjson: invalid JSON at line 5, column 14: expected a property name in double quotes, got the end of the file\n" +
        'd.json: t.ndjson: line 6: code: expected a ticket code: 1 to 64 printable ASCII characters without spaces, got "X 3"\n',
      stderr: '',
    });
  });

  it('exits 2 for a draw file that is not JSON, with the line and column of the mistake', async () => {
    expect(await verify({ 'd.json': '{\n  "seed": oops\n}\n' }, 'd.json')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'd.json: invalid JSON at line 2, column 11: expected a value, got "o"\n',
    });
  });

  it('exits 2 for a draw or ticket file it cannot read', async () => {
    expect(await verify({}, 'missing.json')).toEqual({ code: 2, stdout: '', stderr: 'missing.json: cannot read: no such file or directory\n' });
    const draw = file(publishedDraw((d) => (d.tickets = 'gone.ndjson')));
    expect(await verify({ 'd/d.json': draw }, 'd/d.json')).toEqual({ code: 2, stdout: '', stderr: 'd/d.json: d/gone.ndjson: cannot read: no such file or directory\n' });
  });

  it('prints a machine-readable report with --json', async () => {
    const ok = await verify({ 'd.json': file(publishedDraw()) }, 'd.json', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ file: 'd.json', lotteryId: 'double11-grand-draw', verified: true, problems: [], tickets: 120, players: 80, winners: 10 });
    const bad = await verify({ 'd.json': file(publishedDraw((d) => (d.publicValue = 'other'))) }, '--json', 'd.json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ file: 'd.json', verified: false, problems: expect.arrayContaining([expect.stringMatching(/^winners\[\d+\]: /)]) });
    const broken = await verify({ 'd.json': '[' }, '--json', 'd.json');
    expect(broken.code).toBe(2);
    expect(JSON.parse(broken.stdout)).toEqual({ file: 'd.json', verified: false, problems: [], error: "invalid JSON at line 1, column 2: expected ']' to close the array, got the end of the file" });
  });

  it('treats a missing or extra argument and an unknown flag as usage errors', async () => {
    expect(await verify({})).toEqual({ code: 2, stdout: '', stderr: "carnival verify-draw: missing FILE\nRun 'carnival verify-draw --help' for usage.\n" });
    expect((await verify({}, 'a.json', 'b.json')).stderr).toMatch(/^carnival verify-draw: unexpected argument 'b\.json'\n/);
    expect((await verify({}, '--jsn', 'a.json')).stderr).toMatch(/^carnival verify-draw: unknown option '--jsn'\n/);
  });

  it('prints its help with --help and exits 0', async () => {
    const result = await verify({}, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(verifyDrawCommand.usage);
    expect(result.stdout).toMatch(/^Usage: carnival verify-draw FILE \[--json\]/);
  });
});
