import { choiceLimitProblem } from '../../../shared/testset/choiceLimits';
import type { MultipleChoiceItem } from './multipleChoice';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function texts(value: unknown): string[] | null {
  return Array.isArray(value) && value.length >= 2 && value.every((v) => typeof v === 'string' || typeof v === 'number')
    ? value.map(String)
    : null;
}

/** The answer as an index: a number, a digit string ("0"-based as HellaSwag, "1"-based as some ARC rows), a letter label, or the choice's text. */
function answerIndex(value: unknown, choices: readonly string[], labels: readonly string[] | null): number | string {
  if (typeof value === 'number' && Number.isInteger(value))
    return value >= 0 && value < choices.length ? value : `answer ${value} is not an index of the ${choices.length} choices`;
  if (typeof value !== 'string' || value.trim() === '')
    return 'the answer is missing (a choice index, a label such as "B", or the choice text)';
  const v = value.trim();
  if (labels !== null && labels.includes(v)) return labels.indexOf(v);
  if (/^[A-Z]$/.test(v) && v.charCodeAt(0) - 65 < choices.length) return v.charCodeAt(0) - 65;
  if (/^\d+$/.test(v) && Number(v) < choices.length) return Number(v);
  const byText = choices.findIndex((c) => c.trim() === v);
  return byText === -1 ? `answer ${JSON.stringify(v)} is neither a label, an index nor one of the choices` : byText;
}

/**
 * Reads the usual multiple-choice JSONL layouts into log-likelihood items, one object per line:
 * - MMLU: `question`, `choices` (list), `answer` (index);
 * - ARC: `question`, `choices: { text: [...], label: [...] }`, `answerKey` (a label);
 * - HellaSwag: `ctx` (with `activity_label`), `endings`, `label` (index, often a string);
 * - Evalbench's own: `context`, `choices`, `answer` (index or text).
 * Questions get lm-eval's ARC/MMLU context `Question: …\nAnswer:` and every choice is continued
 * after a space; Evalbench's `choices` are taken as written. Items past the choice limits of a
 * test set's cases (`choiceLimits`) are refused. Errors name the file and line.
 */
export function parseMultipleChoiceJsonl(
  text: string,
  file: string,
): { items: MultipleChoiceItem[]; errors: string[]; problems: { line: number; message: string }[]; lines: number[] } {
  const items: MultipleChoiceItem[] = [];
  const errors: string[] = [];
  /** The same errors by line, and each item's source line, for importers. */
  const problems: { line: number; message: string }[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fail = (message: string): void => {
      errors.push(`${file}:${line}: ${message}`);
      problems.push({ line, message });
    };
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      return fail('this line is not valid JSON');
    }
    if (!isObject(record)) return fail('expected a JSON object with choices and an answer');
    let context: string;
    let choices: string[] | null;
    let labels: string[] | null = null;
    let answer: unknown;
    let delimiter = ' ';
    if (typeof record.context === 'string') {
      // Evalbench's own layout gives continuations exactly as scored.
      delimiter = '';
      context = record.context;
      choices = texts(record.choices);
      answer = record.answer;
    } else if (typeof record.ctx === 'string' && record.endings !== undefined) {
      const activity = typeof record.activity_label === 'string' && record.activity_label !== '' ? `${record.activity_label}: ` : '';
      context = `${activity}${record.ctx}`;
      choices = texts(record.endings);
      answer = record.label;
    } else if (typeof record.question === 'string') {
      context = `Question: ${record.question}\nAnswer:`;
      if (isObject(record.choices)) {
        choices = texts(record.choices.text);
        labels = texts(record.choices.label);
      } else {
        choices = texts(record.choices);
      }
      answer = record.answerKey ?? record.answer ?? record.label;
    } else {
      return fail('no context: expected `context`, `question` (ARC, MMLU) or `ctx` (HellaSwag)');
    }
    if (choices === null) return fail('expected at least two choices (`choices`, `choices.text` or `endings`)');
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : `line-${line}`;
    const continuations = choices.map((c) => `${delimiter}${c}`);
    const tooMany = choiceLimitProblem(`item ${JSON.stringify(id)}`, continuations);
    if (tooMany !== null) return fail(`${tooMany.message} ${tooMany.hint}`);
    const at = answerIndex(answer, choices, labels);
    if (typeof at === 'string') return fail(at);
    items.push({ id, context, choices: continuations, answer: at });
    lines.push(line);
  });
  return { items, errors, problems, lines };
}
