import { readdirSync, readFileSync } from 'node:fs';
import { campaignJsonSchema } from '@carnival/core';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { schema, schemaText } from './schema.ts';

const examples = new URL('../../../../examples/', import.meta.url);

describe('carnival schema', () => {
  it('prints the JSON Schema generated from the zod definition', async () => {
    const { io, out } = memoryIo();
    expect(await schema.run([], io)).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(campaignJsonSchema());
    expect(out.stdout.endsWith('}\n')).toBe(true);
    expect(out.stderr).toBe('');
  });

  it('writes the schema to a file with --out, and nothing to stdout', async () => {
    const { io, out } = memoryIo();
    expect(await schema.run(['--out', 'campaign.schema.json'], io)).toBe(0);
    expect(out.files.get('campaign.schema.json')).toBe(schemaText());
    expect(out.stdout).toBe('');
  });

  it('exits 2 when it cannot write the file', async () => {
    const { io, out } = memoryIo();
    io.writeFile = async () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(await schema.run(['-o', '/etc/campaign.schema.json'], io)).toBe(2);
    expect(out.stderr).toBe('carnival schema: --out: cannot write /etc/campaign.schema.json: permission denied\n');
  });

  it('refuses arguments it does not take', async () => {
    const { io, out } = memoryIo();
    expect(await schema.run(['examples'], io)).toBe(2);
    expect(out.stderr).toBe("carnival schema: unexpected argument 'examples'\nRun 'carnival schema --help' for usage.\n");
  });

  it('is committed in schema/ exactly as generated (regenerate: pnpm carnival schema --out schema/campaign.schema.json)', () => {
    const committed = readFileSync(new URL('../../../../schema/campaign.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(schemaText());
  });

  it('is the file every example campaign names in $schema', () => {
    for (const name of readdirSync(examples).filter((file) => file.endsWith('.json'))) {
      const example = JSON.parse(readFileSync(new URL(name, examples), 'utf8'));
      expect(example.$schema, name).toBe('../schema/campaign.schema.json');
    }
  });
});
