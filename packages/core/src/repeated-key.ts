import jsonc from 'jsonc-parser';

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
