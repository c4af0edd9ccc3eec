import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { validate } from './validate.ts';

const EXAMPLE = 'examples/double11-cat-candy.json';
const exampleText = readFileSync(new URL(`../../../../${EXAMPLE}`, import.meta.url), 'utf8');

/** The example campaign, changed by `edit`, as the text of a file. */
function edited(edit: (definition: any) => void): string {
  const definition = JSON.parse(exampleText);
  edit(definition);
  return JSON.stringify(definition, null, 2);
}

async function validateFiles(files: Record<string, string>, ...args: string[]) {
  const { io, out } = memoryIo(files);
  const code = await validate.run(args.length ? args : Object.keys(files), io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('carnival validate', () => {
  it('accepts the example campaign and summarises it', async () => {
    const result = await validateFiles({ [EXAMPLE]: exampleText });
    expect(result).toEqual({ code: 0, stdout: `${EXAMPLE}: valid (14 tasks, 2 boxes, 4 phases)\n`, stderr: '' });
  });

  it.each([
    {
      mistake: 'a negative reward',
      edit: (d: any) => (d.tasks[3].reward.candy = -5),
      line: 'c.json: tasks[3].reward.candy: expected a positive integer, got -5',
    },
    {
      mistake: 'a misspelt key',
      edit: (d: any) => (d.tasks[1].limts = d.tasks[1].limits),
      line: 'c.json: tasks[1].limts: expected no such field (check its spelling), got {"perDay":3}',
    },
    {
      mistake: 'a duplicate task id',
      edit: (d: any) => (d.tasks[2].id = 'browse-main-venue'),
      line: 'c.json: tasks[2].id: expected a task id not used before (tasks[1] has it), got "browse-main-venue"',
    },
    {
      mistake: 'a reference to an unknown phase',
      edit: (d: any) => (d.tasks[5].phases = ['warmup-1', 'warmup-3']),
      line: 'c.json: tasks[5].phases[1]: expected one of the phase ids (warmup-1, wave-1, warmup-2, wave-2), got "warmup-3"',
    },
    {
      mistake: 'a window that ends before it starts',
      edit: (d: any) => (d.phases[1].end = '2026-10-31T23:59:59+08:00'),
      line: 'c.json: phases[1].end: expected an instant after start (2026-11-01T00:00:00+08:00), got "2026-10-31T23:59:59+08:00"',
    },
    {
      mistake: 'a streak table with a gap',
      edit: (d: any) => d.tasks[0].streak.days.splice(3, 1),
      line: 'c.json: tasks[0].streak.days[3].day: expected day 4 (streak days are listed from 1 without gaps), got 5',
    },
    {
      mistake: 'a box whose weights are all 0',
      edit: (d: any) => d.boxes[0].rewards.forEach((r: any) => (r.weight = 0)),
      line: 'c.json: boxes[0].rewards: expected at least one reward with a positive weight, got every weight 0',
    },
  ])('reports $mistake as "FILE: path: expected …, got …" and exits 1', async ({ edit, line }) => {
    const result = await validateFiles({ 'c.json': edited(edit) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toContain(line);
  });

  it('reports only the mistake, one line each, when there are several', async () => {
    const text = edited((d) => {
      d.tasks[3].reward.candy = -5;
      d.tasks[4].reward.candy = 0;
    });
    const result = await validateFiles({ 'c.json': text });
    expect(result.stdout).toBe(
      'c.json: tasks[3].reward.candy: expected a positive integer, got -5\n' +
        'c.json: tasks[4].reward.candy: expected a positive integer, got 0\n',
    );
  });

  it('exits 2 for a file that is not JSON, with the line and column of the mistake', async () => {
    const result = await validateFiles({ 'bad.json': '{\n  "id": "x",\n  "name": oops\n}\n' });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bad.json: invalid JSON at line 3, column 11: expected a value, got "o"\n',
    });
  });

  it('counts a key written twice among the problems, with where the second one is, and exits 1', async () => {
    const text = exampleText.replace('"wallet": { "dailyEarnCap": 3000 }', '"wallet": { "dailyEarnCap": 3000, "dailyEarnCap": -1 }');
    expect(text).not.toBe(exampleText);
    const result = await validateFiles({ 'twice.json': text });
    expect(result.code).toBe(1);
    // The value JSON.parse kept is refused too: both lines show.
    expect(result.stdout.split('\n')).toEqual([
      'twice.json: wallet.dailyEarnCap: expected each key once in an object, got "dailyEarnCap" again at line 13, column 37 (JSON would keep only the last)',
      expect.stringMatching(/^twice\.json: wallet\.dailyEarnCap: expected .*, got -1$/),
      '',
    ]);
  });

  it('exits 2 for a file it cannot read, and still checks the others', async () => {
    const result = await validateFiles({ [EXAMPLE]: exampleText }, EXAMPLE, 'missing.json');
    expect(result).toEqual({
      code: 2,
      stdout: `${EXAMPLE}: valid (14 tasks, 2 boxes, 4 phases)\n`,
      stderr: 'missing.json: cannot read: no such file or directory\n',
    });
  });

  it('exits 1 when any of several files has problems', async () => {
    const result = await validateFiles({ 'a.json': exampleText, 'b.json': edited((d) => (d.tasks[3].reward.candy = -5)) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'a.json: valid (14 tasks, 2 boxes, 4 phases)\nb.json: tasks[3].reward.candy: expected a positive integer, got -5\n',
    );
  });

  it('prints a machine-readable report with --json', async () => {
    const files = { 'a.json': exampleText, 'b.json': edited((d) => (d.tasks[3].reward.candy = -5)), 'c.json': '[1,' };
    const result = await validateFiles(files, '--json', 'a.json', 'b.json', 'c.json');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      { file: 'a.json', valid: true, problems: [] },
      { file: 'b.json', valid: false, problems: [{ path: 'tasks[3].reward.candy', expected: 'a positive integer', got: '-5' }] },
      {
        file: 'c.json',
        valid: false,
        problems: [],
        error: 'invalid JSON at line 1, column 4: expected a value, got the end of the file',
      },
    ]);
  });

  it('treats a missing file argument and an unknown flag as usage errors', async () => {
    expect(await validateFiles({})).toEqual({
      code: 2,
      stdout: '',
      stderr: "carnival validate: missing FILE\nRun 'carnival validate --help' for usage.\n",
    });
    const typo = await validateFiles({ 'a.json': exampleText }, '--jsn', 'a.json');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^carnival validate: unknown option '--jsn'\n/);
  });

  it('prints its help with --help and exits 0', async () => {
    const result = await validateFiles({}, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(validate.usage);
    expect(result.stdout).toMatch(/^Usage: carnival validate FILE\.\.\. \[--json\]/);
  });
});
