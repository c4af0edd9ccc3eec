/**
 * JSON parsing that says where a file is broken. `JSON.parse` gives no position for some errors
 * on Node 20 ("Unexpected token '}', ... is not valid JSON"), and a designer editing a long
 * campaign file needs the line and column, so a failed parse is re-scanned to find them.
 */

export type ParsedJson =
  | { ok: true; value: unknown }
  | { ok: false; error: { line: number; column: number; message: string } };

export function parseJson(text: string): ParsedJson {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const found = findSyntaxError(source);
    const offset = found?.offset ?? source.length;
    const message = found?.message ?? (error instanceof Error ? error.message : String(error));
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    return { ok: false, error: { line, column: offset - before.lastIndexOf('\n'), message } };
  }
}

/** `invalid JSON at line 3, column 9: expected a value, got "x"` */
export function describeJsonError(error: { line: number; column: number; message: string }): string {
  return `invalid JSON at line ${error.line}, column ${error.column}: ${error.message}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// The longest valid prefix of a string literal, so a bad escape or control character is located.
const STRING_PREFIX = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Syntax {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * The first syntax error in a text, as an offset and an "expected …, got …" message; undefined
 * when the text is valid JSON.
 */
export function findSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const got = () => (i < text.length ? JSON.stringify(text[i]) : 'the end of the file');
  const expected = (what: string) => new Syntax(i, `expected ${what}, got ${got()}`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const punct = (char: string, what: string) => {
    space();
    if (text[i] !== char) throw expected(what);
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') throw expected('a property name in double quotes');
        string();
        punct(':', "':' after the property name");
        value();
        space();
        if (text[i] === '}') return void i++;
        punct(',', "',' or '}' after the property value");
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ']') return void i++;
        punct(',', "',' or ']' after the array element");
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) return void (i += word.length);
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    throw expected('a value');
  };
  const string = () => {
    STRING_PREFIX.lastIndex = i;
    STRING_PREFIX.test(text);
    i = STRING_PREFIX.lastIndex;
    if (text[i] !== '"') throw expected(i < text.length ? 'a valid character or escape in the string' : "'\"' to close the string");
    i++;
  };
  try {
    value();
    space();
    if (i < text.length) throw expected('the end of the file');
  } catch (error) {
    if (error instanceof Syntax) return error;
    throw error;
  }
  return undefined;
}
