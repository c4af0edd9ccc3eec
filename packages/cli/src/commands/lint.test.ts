import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { lint } from './lint.ts';

const EXAMPLE = 'examples/double11-cat-candy.json';
const example = JSON.parse(readFileSync(new URL(`../../../../${EXAMPLE}`, import.meta.url), 'utf8'));

async function runLint(args: string[], files: Record<string, string>) {
  const { io, out } = memoryIo(files);
  const code = await lint.run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

/** The example without its own budgets, cash prizes, lottery, pool and lucky packets, and one box of red packets from a budget of `amount`. */
const withBudget = (amount: number) => ({
  ...example,
  lotteries: [],
  sharedCarts: undefined,
  pools: [],
  luckyPackets: [],
  budgets: [{ id: 'red-packets', title: 'Instant red packets', amount }],
  boxes: [
    example.boxes[0],
    {
      id: 'candy-red-packet',
      title: 'Spend candy, draw a red packet',
      price: { candy: 200 },
      budget: 'red-packets',
      rewards: [
        { id: 'thanks', weight: 9000, reward: {} },
        { id: 'red-888', weight: 1, stock: 100, reward: { cash: 88800 } },
      ],
    },
  ],
});

describe('carnival lint', () => {
  it('prices the worst case per budget and warns when it exceeds the budget (exit 1)', async () => {
    const result = await runLint(['c.json'], { 'c.json': JSON.stringify(withBudget(5_000_000)) });
    expect(result).toEqual({
      code: 1,
      stderr: '',
      stdout:
        'c.json: budget "red-packets" ¥50,000.00, worst case ¥88,800.00\n' +
        '  box "candy-red-packet" reward "red-888": 100 × ¥888.00\n' +
        'c.json: warning: box "candy-red-packet" reward "red-888" can pay up to ¥88,800.00 but budget "red-packets" is ¥50,000.00\n',
    });
  });

  it('exits 0 when every budget covers its worst case exactly, and says so for a campaign paying no money', async () => {
    expect((await runLint(['c.json'], { 'c.json': JSON.stringify(withBudget(8_880_000)) })).code).toBe(0);
    const noMoney = { ...example, budgets: [], lotteries: [], sharedCarts: undefined, pools: [], luckyPackets: [], boxes: [example.boxes[0]] };
    expect(await runLint(['c.json'], { 'c.json': JSON.stringify(noMoney) })).toEqual({ code: 0, stderr: '', stdout: 'c.json: no budgets, nothing pays money\n' });
  });

  it('passes the example campaign: its red packets are bounded by stock or, for the smallest, by the budget alone', async () => {
    const result = await runLint([EXAMPLE], { [EXAMPLE]: JSON.stringify(example) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${EXAMPLE}: budget "instant-red-packets" ¥3,000,000.00, worst case unbounded but for the budget\n`);
    expect(result.stdout).toContain('  box "candy-red-packet" reward "red-88.88": 1111 × ¥88.88\n');
    expect(result.stdout).toContain(`${EXAMPLE}: budget "lucky-packets" ¥199,800.00, worst case ¥199,800.00\n  lucky packet "team-lucky-packet": 22500 × ¥8.88\n`);
  });

  it('reports an invalid definition like validate (1) and an unreadable file (2)', async () => {
    const broken = { ...withBudget(1), budgets: [] };
    const invalid = await runLint(['c.json'], { 'c.json': JSON.stringify(broken) });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('c.json: boxes[1].budget: expected a budget id (declare the budget in `budgets`), got "red-packets"\n');
    expect((await runLint(['missing.json'], {})).code).toBe(2);
  });
});
