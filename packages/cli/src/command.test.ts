import { describe, expect, it } from 'vitest';
import { CannotRunError, defineCommand, EXIT } from './command.ts';
import { memoryIo } from './io.ts';

/** A command that answers with what it was given, to see the parsing alone. */
const echo = defineCommand({
  name: 'echo',
  summary: 'Echo',
  usage: 'Usage: carnival echo [ARG...] [--count N] [-o FILE] [--json]\n',
  options: { count: { type: 'string' }, out: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
  positionals: { name: 'ARG', min: 0, max: 3 },
  async run({ values, positionals }, io) {
    io.stdout(JSON.stringify({ values, positionals }));
    return EXIT.ok;
  },
});

async function runEcho(...args: string[]) {
  const { io, out } = memoryIo();
  const code = await echo.run(args, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

const helpPointer = "Run 'carnival echo --help' for usage.\n";

describe('defineCommand', () => {
  it('hands a value that starts with a dash to the command, which judges it', async () => {
    for (const args of [['--count', '-5'], ['--count=-5']]) {
      expect(await runEcho(...args)).toEqual({ code: 0, stdout: '{"values":{"count":"-5"},"positionals":[]}', stderr: '' });
    }
    expect(JSON.parse((await runEcho('-o', '-', 'a')).stdout)).toEqual({ values: { out: '-' }, positionals: ['a'] });
  });

  it('names the option whose value is missing, and what came instead', async () => {
    expect(await runEcho('--count')).toEqual({ code: 2, stdout: '', stderr: `carnival echo: --count: expected a value, got nothing\n${helpPointer}` });
    expect((await runEcho('--count', '--json')).stderr).toBe(`carnival echo: --count: expected a value, got the option '--json'\n${helpPointer}`);
    expect((await runEcho('-o', '--count=3')).stderr).toBe(`carnival echo: --out: expected a value, got the option '--count=3'\n${helpPointer}`);
  });

  it('refuses a value given to a flag, naming both', async () => {
    expect(await runEcho('--json=yes')).toEqual({ code: 2, stdout: '', stderr: `carnival echo: --json: takes no value, got 'yes'\n${helpPointer}` });
  });

  it('takes everything after -- as arguments', async () => {
    expect(JSON.parse((await runEcho('--', '--count', '-5')).stdout)).toEqual({ values: {}, positionals: ['--count', '-5'] });
  });

  it('says a CannotRunError in one line, exit 2, without pointing at the help', async () => {
    const failing = defineCommand({
      name: 'failing',
      summary: 'Fails',
      usage: 'Usage: carnival failing\n',
      options: {},
      async run() {
        throw new CannotRunError('--store redis: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)');
      },
    });
    const { io, out } = memoryIo();
    expect(await failing.run([], io)).toBe(2);
    expect(out.stderr).toBe('carnival failing: --store redis: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n');
  });
});
