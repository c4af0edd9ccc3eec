import { describe, expect, it } from 'vitest';
import { firstRepeatedKey } from './repeated-key.ts';

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
});
