import jsonc from 'jsonc-parser';
import { formatPath, type Problem } from './validation.ts';

/** A key written twice in one object of a JSON text: where the second one is. */
export interface RepeatedKey {
  key: string;
  /** The offset of the second one in the text. */
  offset: number;
  /** The path of the object that holds both, as `formatPath` takes it (empty at the top level). */
  objectPath: (string | number)[];
}

/**
 * The first key that repeats one before it in the same object. `JSON.parse` keeps the last and
 * drops the first without a word: the same silent change as a misspelt key, which the schemas
 * refuse, so the CLI and the API refuse it too. A text that is not well-formed JSON has none
 * (its parse fails first, and says why).
 *
 * @example
 * firstRepeatedKey('{"wallet": {"cap": 1, "cap": 2}}') // { key: 'cap', offset: 22, objectPath: ['wallet'] }
 */
export function firstRepeatedKey(text: string): RepeatedKey | undefined {
  const objects: Set<string>[] = [];
  let found: RepeatedKey | undefined;
  let malformed = false;
  jsonc.visit(text, {
    onObjectBegin: () => void objects.push(new Set()),
    onObjectEnd: () => void objects.pop(),
    onObjectProperty: (key, offset, _length, _line, _column, pathSupplier) => {
      const keys = objects.at(-1)!;
      if (!keys.has(key)) return void keys.add(key);
      found ??= { key, offset, objectPath: pathSupplier() };
    },
    onError: () => void (malformed = true),
  }, { disallowComments: true, allowTrailingComma: false });
  return malformed ? undefined : found;
}

/**
 * A key written twice as a problem of the document, said as the CLI and the API say it: the path
 * of the key, and the line and column of its second writing.
 *
 * @example
 * repeatedKeyProblem('{"wallet": {"cap": 1, "cap": 2}}')
 * // { path: 'wallet.cap', expected: 'each key once in an object', got: '"cap" again at line 1, column 23 (JSON would keep only the last)' }
 */
export function repeatedKeyProblem(text: string): Problem | undefined {
  const repeated = firstRepeatedKey(text);
  if (!repeated) return undefined;
  const { line, column } = lineAndColumn(text, repeated.offset);
  return {
    path: formatPath([...repeated.objectPath, repeated.key]),
    expected: 'each key once in an object',
    got: `${JSON.stringify(repeated.key)} again at line ${line}, column ${column} (JSON would keep only the last)`,
  };
}

/** Where an offset of a text is, counted from 1 as editors count. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
