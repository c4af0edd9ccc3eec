import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from './json.ts';

describe('parseJson', () => {
  it.each([
    ['{"a": }', 1, 7, 'expected a value, got "}"'],
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes, got "}"'],
    ['{"a" 1}', 1, 6, `expected ':' after the property name, got "1"`],
    ['[1 2]', 1, 4, `expected ',' between values, got "2"`],
    ['{\n  "a": 1,\n  "b": tru\n}', 3, 8, 'expected a value, got "t"'],
    ['{"a": "x', 1, 7, `expected a string closed by '"' on the same line, got "\\""`],
    ['{"a": "\\q"}', 1, 7, 'expected a valid escape in the string, got "\\""'],
    ['', 1, 1, 'expected a value, got the end of the file'],
    ['{} {}', 1, 4, 'expected the end of the file, got "{"'],
    ['{"a": 1', 1, 8, `expected '}' to close the object, got the end of the file`],
    ['// note\n{}', 1, 1, 'expected no comments (JSON has none), got "/"'],
  ])('locates the mistake in %j at line %i, column %i', (text, line, column, message) => {
    expect(parseJson(text)).toEqual({ ok: false, error: { line, column, message } });
  });

  it('accepts a leading byte-order mark', () => {
    expect(parseJson('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 }, repeated: [] });
  });

  it('finds a key repeated in one object, where JSON.parse would keep the last silently', () => {
    const campaign = '{\n  "wallet": {\n    "dailyEarnCap": 3000,\n    "dailyEarnCap": 99999999\n  }\n}';
    expect(parseJson(campaign)).toEqual({
      ok: true,
      value: { wallet: { dailyEarnCap: 99999999 } },
      repeated: [{ path: 'wallet.dailyEarnCap', expected: 'each key once in an object', got: '"dailyEarnCap" again at line 4, column 5 (JSON would keep only the last)' }],
    });
    expect(parseJson('{"a": 1, "b": [{"c": 1}, {"c": 2, "c": 3}]}')).toMatchObject({ repeated: [{ path: 'b[1].c' }] });
    expect(parseJson('{"a": 1, "a": 1}')).toMatchObject({ repeated: [{ path: 'a' }] });
    // The same key in sibling or nested objects is no repeat; machine-written lines may skip the search.
    expect(parseJson('{"a": {"a": 1}, "b": {"a": 2}}')).toEqual({ ok: true, value: { a: { a: 1 }, b: { a: 2 } }, repeated: [] });
    expect(parseJson('{"a": 1, "a": 2}', { repeatedKeys: 'last wins' })).toEqual({ ok: true, value: { a: 2 }, repeated: [] });
  });

  it('agrees with JSON.parse on what is valid, places every error inside the text, and finds no repeat in what JSON.stringify writes', () => {
    // Valid documents, and the same with one character deleted or inserted: mostly broken.
    const documents = fc.jsonValue().map((value) => JSON.stringify(value, null, 1));
    const mutated = fc
      .tuple(documents, fc.nat(), fc.constantFrom('', '"', ',', '}', ']', ':', '\\', 'x', '\n', '0'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return insert === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
      });
    fc.assert(
      fc.property(documents, (text) => {
        expect(parseJson(text)).toMatchObject({ ok: true, repeated: [] });
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(documents, mutated), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const parsed = parseJson(text);
        expect(parsed.ok).toBe(valid);
        if (!parsed.ok) {
          const lines = text.split('\n');
          expect(parsed.error.line).toBeLessThanOrEqual(lines.length);
          expect(parsed.error.column).toBeLessThanOrEqual(lines[parsed.error.line - 1]!.length + 1);
          expect(parsed.error.message).toMatch(/^expected /);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
