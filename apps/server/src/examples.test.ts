import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '@carnival/core';
import { REPO_ROOT } from './config.ts';
import { publishExamples } from './examples.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function collect() {
  const lines = { info: [] as string[], error: [] as string[] };
  return { lines, log: { info: (line: string) => lines.info.push(line), error: (line: string) => lines.error.push(line) } };
}

describe('publishExamples', () => {
  it('publishes the repository examples', async () => {
    const store = new MemoryStore();
    const { lines, log } = collect();
    expect(await publishExamples(store, join(REPO_ROOT, 'examples'), log)).toEqual(['double11-2026']);
    expect(lines.error).toEqual([]);
    expect((await store.campaigns()).map((c) => c.id)).toEqual(['double11-2026']);
  });

  it('reports an invalid definition with its path and problems, and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carnival-examples-'));
    dirs.push(dir);
    const valid = JSON.parse(JSON.stringify({ id: 'ok', name: 'OK', timezone: 'Asia/Shanghai', currency: 'CNY', phases: [{ id: 'p', name: 'P', start: '2026-11-11T00:00:00+08:00', end: '2026-11-12T00:00:00+08:00' }] }));
    writeFileSync(join(dir, 'a-broken.json'), JSON.stringify({ ...valid, id: 'broken', currency: 'yuan' }));
    writeFileSync(join(dir, 'b-not-json.json'), '{ oops');
    writeFileSync(join(dir, 'c-valid.json'), JSON.stringify(valid));
    writeFileSync(join(dir, 'notes.txt'), 'not a campaign');
    const store = new MemoryStore();
    const { lines, log } = collect();

    expect(await publishExamples(store, dir, log)).toEqual(['ok']);
    expect(lines.error).toHaveLength(2);
    expect(lines.error[0]).toContain(join(dir, 'a-broken.json'));
    expect(lines.error[0]).toContain('currency: expected an ISO 4217 currency code, like CNY, got "yuan"');
    expect(lines.error[1]).toContain(`${join(dir, 'b-not-json.json')}: not valid JSON`);
  });
});
