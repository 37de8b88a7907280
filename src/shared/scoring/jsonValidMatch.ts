import type { JsonErrorLocation } from './locateJsonError';
import { parseJsonOutput, type JsonOutputOptions } from './parseJsonOutput';
import type { ScoreResult } from './ScoreResult';

/** What was parsed, or where parsing failed. */
export interface JsonValidDetails {
  /** The text that was parsed (inside the fence, if there was one). */
  text: string;
  fenced: boolean;
  error?: JsonErrorLocation;
}

function lineExcerpt(text: string, error: JsonErrorLocation): string {
  const line = text.split('\n')[error.line - 1] ?? '';
  const start = Math.max(0, error.column - 30);
  return `${start > 0 ? '…' : ''}${line.slice(start, error.column + 30)}`;
}

/** Passes when the output is valid JSON (a ```json fence around it is fine). Score 1/0. */
export function jsonValidMatch(output: string, options: JsonOutputOptions = {}): ScoreResult<JsonValidDetails> {
  const parsed = parseJsonOutput(output, options);
  const where = parsed.fenced ? ' (inside the code fence)' : '';
  if (parsed.ok) {
    return { score: 1, passed: true, explanation: `Output is valid JSON${where}.`, details: { text: parsed.text, fenced: parsed.fenced } };
  }
  const { error } = parsed;
  return {
    score: 0,
    passed: false,
    explanation: `Invalid JSON at line ${error.line}, column ${error.column}${where}: ${error.message}. Near: ${JSON.stringify(lineExcerpt(parsed.text, error))}`,
    details: { text: parsed.text, fenced: parsed.fenced, error },
  };
}
