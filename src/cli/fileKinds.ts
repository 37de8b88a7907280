import path from 'node:path';
import { parse } from 'yaml';
import type { TestSetImportKind } from '../shared/api';

/** The top-level keys of a YAML or JSON file, or null when it is not a mapping (or does not parse). */
export function topLevelKeys(text: string): Set<string> | null {
  try {
    const value: unknown = parse(text, { maxAliasCount: 100 });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    return new Set(Object.keys(value));
  } catch {
    // A file that does not parse is for the validator to explain, line by line.
    return null;
  }
}

/** A run file names a test set and models; a test set has cases. */
export function isRunFileText(file: string, text: string): boolean {
  if (/\.run\.ya?ml$/i.test(file)) return true;
  if (!/\.(ya?ml|json)$/i.test(file)) return false;
  const keys = topLevelKeys(text);
  return keys !== null && keys.has('testSet') && keys.has('models') && !keys.has('cases');
}

/** A promptfoo config (`tests:` with `prompts:`/`providers:`, or `tests:` of `vars`/`assert`). */
export function looksLikePromptfoo(text: string): boolean {
  const keys = topLevelKeys(text);
  if (keys === null || keys.has('cases')) return false;
  if (keys.has('prompts') || keys.has('providers')) return true;
  return keys.has('tests') && /^\s*-?\s*(vars|assert)\s*:/m.test(text);
}

/**
 * Multiple-choice items for log-likelihood scoring (`context`/`question` with `choices` and an
 * `answer`, as ARC or HellaSwag are distributed), judged by the first JSON line of a .jsonl file.
 */
export function looksLikeMultipleChoice(file: string, text: string): boolean {
  if (!/\.(jsonl|ndjson)$/i.test(file)) return false;
  const first = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '');
  if (first === undefined) return false;
  try {
    const value: unknown = JSON.parse(first);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const keys = new Set(Object.keys(value));
    const choices = (value as { choices?: unknown }).choices;
    // ARC gives `choices: { text, label }` and `answerKey`; HellaSwag `ctx`, `endings` and `label`.
    if (typeof choices === 'object' && choices !== null && !Array.isArray(choices)) return keys.has('answerKey') && keys.has('question');
    if (keys.has('ctx') && Array.isArray((value as { endings?: unknown }).endings)) return true;
    return Array.isArray(choices) && keys.has('answer') && !keys.has('prompt') && !keys.has('messages');
  } catch {
    // A line that does not parse is for the validator to explain.
    return false;
  }
}

/** The importer a file's name and content point to, or null when neither tells. */
export function guessImportKind(file: string, text: string): TestSetImportKind | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.jsonl') return looksLikeMultipleChoice(file, text) ? 'multiple-choice-jsonl' : 'qa-jsonl';
  if ((ext === '.yaml' || ext === '.yml' || ext === '.json') && looksLikePromptfoo(text)) return 'promptfoo';
  return null;
}
