import { locateJsonError, type JsonErrorLocation } from './locateJsonError';

/** Settings for reading JSON out of a model's output. */
export interface JsonOutputOptions {
  /** Read the JSON from inside a Markdown code fence (```json … ```) when there is one; true by default. */
  allowFences?: boolean;
  /**
   * Also accept prose around the JSON ("Here is the result: {...} Hope this helps"), by taking the
   * span from the first { or [ to the last } or ]. Off by default: a strict check wants JSON only.
   */
  allowSurroundingText?: boolean;
}

/** The outcome of {@link parseJsonOutput}. */
export type JsonOutput =
  { ok: true; value: unknown; text: string; fenced: boolean } | { ok: false; text: string; fenced: boolean; error: JsonErrorLocation };

const FENCE = /```[ \t]*([\w+-]*)[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```/g;

/** The JSON part of an output: the first ```json fenced block (or else any fenced block), else the whole output. */
function candidateText(output: string, options: JsonOutputOptions): { text: string; fenced: boolean } {
  const blocks = options.allowFences === false ? [] : Array.from(output.matchAll(FENCE));
  const block = blocks.find((b) => (b[1] ?? '').toLowerCase() === 'json') ?? blocks[0];
  if (block) return { text: (block[2] ?? '').trim(), fenced: true };
  const trimmed = output.trim();
  if (options.allowSurroundingText === true) {
    const start = trimmed.search(/[[{]/);
    const end = Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']'));
    if (start >= 0 && end > start) return { text: trimmed.slice(start, end + 1), fenced: false };
  }
  return { text: trimmed, fenced: false };
}

/**
 * Reads JSON from a model's output, tolerating Markdown code fences. On failure the error gives
 * the line, column and reason within the extracted text, the same in every JavaScript engine.
 */
export function parseJsonOutput(output: string, options: JsonOutputOptions = {}): JsonOutput {
  const { text, fenced } = candidateText(output, options);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text, fenced };
  } catch (error) {
    const located = locateJsonError(text);
    const fallback: JsonErrorLocation = { offset: 0, line: 1, column: 1, message: error instanceof Error ? error.message : String(error) };
    return { ok: false, text, fenced, error: located ?? fallback };
  }
}
