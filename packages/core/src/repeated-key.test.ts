import { describe, expect, it } from 'vitest';
import { firstRepeatedKey, repeatedKeyProblem } from './repeated-key.ts';

describe('firstRepeatedKey', () => {
  it('finds the second of two equal keys in one object, with the path of that object', () => {
    expect(firstRepeatedKey('{"wallet": {"cap": 1, "cap": 2}}')).toEqual({ key: 'cap', offset: 22, objectPath: ['wallet'] });
    expect(firstRepeatedKey('{"a": 1, "b": [{"c": 1}, {"c": 2, "c": 3}]}')).toMatchObject({ key: 'c', objectPath: ['b', 1] });
    expect(firstRepeatedKey('{"a": 1, "a": 1}')).toMatchObject({ key: 'a', objectPath: [] });
  });

  it('lets equal keys in different objects be, and has nothing to say of malformed text', () => {
    expect(firstRepeatedKey('{"a": {"c": 1}, "b": {"c": 1}, "c": [{"c": 1}, {"c": 2}]}')).toBeUndefined();
    expect(firstRepeatedKey('{"a": 1, "a": 2,}')).toBeUndefined();
    expect(firstRepeatedKey('[1, 2]')).toBeUndefined();
  });

  it('words a repeat as a problem of the document, with the line and column of the second key', () => {
    expect(repeatedKeyProblem('{"wallet": {"cap": 1, "cap": 2}}')).toEqual({ path: 'wallet.cap', expected: 'each key once in an object', got: '"cap" again at line 1, column 23 (JSON would keep only the last)' });
    expect(repeatedKeyProblem('{\n  "a": 1,\n  "a": 2\n}')).toMatchObject({ path: 'a', got: '"a" again at line 3, column 3 (JSON would keep only the last)' });
    expect(repeatedKeyProblem('{"a": 1}')).toBeUndefined();
  });
});
