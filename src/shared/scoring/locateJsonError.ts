/** Where and why a text is not valid JSON. */
export interface JsonErrorLocation {
  /** UTF-16 offset of the offending character (the text's length for "ended too early"). */
  offset: number;
  /** 1-based line and column of that offset. */
  line: number;
  column: number;
  /** What was wrong, e.g. `expected "," or "}" after a property value, found "]"`. */
  message: string;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * A strict RFC 8259 scanner that only validates. `JSON.parse` messages differ between engines
 * (and some carry no position), so this gives every runtime the same, precise account.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const describe = (at: number): string => (at >= text.length ? 'the end of the text' : JSON.stringify(text[at]));
  const fail = (expected: string): never => {
    throw new Fail(i, `expected ${expected}, found ${describe(i)}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`"${word}"`);
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new Fail(i, "unterminated string: expected a closing '\"'");
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, 'a \\u escape needs four hex digits');
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i += 2;
        } else {
          throw new Fail(i, `invalid escape ${JSON.stringify(`\\${esc ?? ''}`)} in a string`);
        }
      } else if (ch < ' ') {
        throw new Fail(i, 'a control character (such as a raw newline or tab) inside a string must be escaped');
      } else {
        i++;
      }
    }
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) fail('a number');
    i += m?.[0].length ?? 0;
    if (/^[0-9.eE+-]/.test(text[i] ?? ''))
      throw new Fail(i, 'malformed number (no leading zeros, a digit after "." and after the exponent)');
  };
  const value = (depth: number): void => {
    if (depth > 2_000) throw new Fail(i, 'nesting is too deep');
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(text[i] === "'" ? 'a double-quoted property name (JSON does not allow single quotes)' : 'a double-quoted property name');
        string();
        ws();
        if (text[i] !== ':') fail('":" after a property name');
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('another property after "," (JSON does not allow trailing commas)');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('"," or "}" after a property value');
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('another value after "," (JSON does not allow trailing commas)');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('"," or "]" after an array element');
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail(ch === "'" ? 'a value (JSON strings take double quotes)' : 'a value');
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail('the end of the text after the JSON value');
    return null;
  } catch (error) {
    if (!(error instanceof Fail)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    return { offset: error.offset, line: before.length, column: (before[before.length - 1] ?? '').length + 1, message: error.reason };
  }
}
