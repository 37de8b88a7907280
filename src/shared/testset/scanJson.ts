import type { TestSetPath } from './TestSetDiagnostic';

/** Where a path was found in a JSON text (offsets in UTF-16 code units, end exclusive). */
export interface JsonScan {
  /** The first syntax error, if the text is not valid JSON. */
  error?: { offset: number; message: string };
  /** The value at the path, when the path exists. */
  value?: [number, number];
  /** The field name the path ends with, when it ends with one. */
  key?: [number, number];
  /** The deepest value on the path that exists (the whole text at worst). */
  nearest: [number, number];
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * A small JSON scanner, used only where JSON.parse gives up or a diagnostic needs a column: it
 * names the first syntax error with its offset (JSON.parse’s messages do not always carry one),
 * and finds where the value (and field name) at a path starts and ends.
 */
export function scanJson(text: string, target: TestSetPath = []): JsonScan {
  let pos = 0;
  const result: JsonScan = { nearest: [0, text.length] };
  let nearestDepth = -1;
  const fail = (message: string, at = pos): never => {
    throw new JsonSyntaxError(at, message);
  };
  const ws = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r')) pos++;
  };
  const string = (): string => {
    const start = pos;
    pos++;
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail('unterminated text: a closing " is missing', start);
      else if (c === '"') break;
      else if (c === '\\') {
        const e = text[pos + 1] ?? '';
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else if (ESCAPES.has(e)) pos += 2;
        else fail(`invalid escape \\${e} in text`);
      } else if (c.charCodeAt(0) < 0x20) fail('a line break or control character inside text: write it as \\n or \\t');
      else pos++;
    }
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const value = (depth: number, onPath: boolean): void => {
    ws();
    const start = pos;
    const c = text[pos];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      pos++;
      ws();
      if (text[pos] === close) pos++;
      else {
        for (let index = 0; ; index++) {
          ws();
          let childOnPath = onPath && depth < target.length;
          if (c === '{') {
            if (text[pos] !== '"') fail(text[pos] === '}' ? 'a comma before } (remove it)' : 'expected a field name in double quotes');
            const keyStart = pos;
            const key = string();
            childOnPath &&= target[depth] === key;
            if (childOnPath && depth + 1 === target.length) result.key = [keyStart, pos];
            ws();
            if (text[pos] !== ':') fail(`expected : after the field name ${JSON.stringify(key)}`);
            pos++;
          } else {
            if (text[pos] === ']') fail('a comma before ] (remove it)');
            childOnPath &&= target[depth] === index;
          }
          value(depth + 1, childOnPath);
          ws();
          if (text[pos] === ',') pos++;
          else if (text[pos] === close) {
            pos++;
            break;
          } else fail(`expected , or ${close}`);
        }
      }
    } else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      if (!NUMBER.test(text)) fail('invalid number');
      pos = NUMBER.lastIndex;
    } else if (text.startsWith('true', pos)) pos += 4;
    else if (text.startsWith('false', pos)) pos += 5;
    else if (text.startsWith('null', pos)) pos += 4;
    else if (c === undefined) fail('the record ends before its value is complete');
    else
      fail(
        c === "'"
          ? 'text must be in double quotes, not single quotes'
          : 'expected a value: "text", a number, true, false, null, {…} or […]',
      );
    if (onPath && depth > nearestDepth) {
      nearestDepth = depth;
      result.nearest = [start, pos];
      if (depth === target.length) result.value = [start, pos];
    }
  };
  try {
    value(0, true);
    ws();
    if (pos < text.length) fail('unexpected text after the end of the record (one JSON value per line)');
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    result.error = { offset: error.offset, message: error.message };
  }
  return result;
}
