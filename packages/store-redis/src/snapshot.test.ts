import { describe, expect, it } from 'vitest';
import { cellId, readId } from './snapshot.ts';

describe('cell ids', () => {
  it('agree whichever way a cell is named (the cache and the snapshot key their maps by them) and differ between cells', () => {
    const key = ['{carnival:fest}', 'n:tasks-done'].join(':');
    const id = cellId(key, 'ann');
    expect(cellId(`{carnival:fest}:n:${'tasks-done'}`, ['a', 'n', 'n'].join(''))).toBe(id);
    expect(readId({ op: 'h', kind: 'record', key, field: 'ann' })).toBe(id);
    expect(cellId(key, 'bob')).not.toBe(id);
    expect(cellId(`${key}x`, 'ann')).not.toBe(id);
  });
});
