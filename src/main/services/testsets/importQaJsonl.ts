import { nameFromFile } from '../../../shared/testset/parseJsonlTestSet';
import type { TestCaseInput } from '../../../shared/testset/TestCase';
import type { TestSetInput } from '../../../shared/testset/TestSet';
import type { ImportResult, UnmappedItem } from './ImportResult';

/** Field names read as the question, in order of preference. */
const PROMPT_KEYS = ['question', 'prompt', 'instruction', 'input', 'query'];
/** Field names read as the accepted answers, in order of preference. */
const ANSWER_KEYS = ['answer', 'answers', 'expected', 'output', 'completion', 'response', 'target', 'reference'];
const SYSTEM_KEYS = ['system', 'system_prompt', 'systemPrompt'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Answers as a list of texts: a string, a number, a list of them, or SQuAD’s `{ "text": [...] }`. */
function answersOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    const all = value.flatMap((v) => answersOf(v) ?? []);
    return all.length > 0 ? [...new Set(all)] : undefined;
  }
  if (isObject(value) && 'text' in value) return answersOf(value.text);
  return undefined;
}

function chatMessages(value: unknown): { role: 'system' | 'user' | 'assistant'; content: string }[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ok = value.every(
    (m) => isObject(m) && (m.role === 'system' || m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string',
  );
  return ok
    ? (value as { role: 'system' | 'user' | 'assistant'; content: string }[]).map((m) => ({ role: m.role, content: m.content }))
    : undefined;
}

/**
 * Imports plain question–answer JSONL, one object per line. The question is the first of
 * `question`, `prompt`, `instruction`, `input`, `query` (Alpaca’s `instruction` + `input` are
 * joined with a blank line); the answers the first of `answer(s)`, `expected`, `output`,
 * `completion`, `response`, `target`, `reference` (a string or a list). OpenAI-style `messages`
 * become a conversation, a final assistant message its expected answer. `id`, `tags` and `system`
 * carry over; other fields are kept as metadata and listed once.
 */
export function importQaJsonl(text: string, file: string): ImportResult {
  const testSet: TestSetInput = { name: nameFromFile(file), cases: [] };
  const caseLines: number[] = [];
  const unmapped: UnmappedItem[] = [];
  const errors: ImportResult['errors'] = [];
  const extraFields = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      errors.push({ line, column: 1, message: 'this line is not valid JSON' });
      return;
    }
    if (!isObject(record)) {
      errors.push({ line, column: 1, message: 'expected a JSON object with a question and an answer' });
      return;
    }
    const used = new Set<string>();
    const take = (keys: readonly string[]): unknown => {
      const key = keys.find((k) => record[k] !== undefined && record[k] !== null);
      if (key === undefined) return undefined;
      used.add(key);
      return record[key];
    };
    const c: TestCaseInput = {};
    let expected: string[] = [];
    const id = take(['id', '_id', 'qid']);
    if (typeof id === 'string' || typeof id === 'number') c.id = id;
    const messages = chatMessages(take(['messages']));
    if (messages !== undefined) {
      const last = messages.at(-1);
      if (last?.role === 'assistant') {
        messages.pop();
        expected = [last.content];
      }
      c.messages = messages;
    } else {
      const question = take(PROMPT_KEYS);
      const input = used.has('instruction') ? take(['input']) : undefined;
      if (typeof question === 'string') c.prompt = typeof input === 'string' && input.trim() !== '' ? `${question}\n\n${input}` : question;
      else errors.push({ line, column: 1, message: `no question: expected one of ${PROMPT_KEYS.join(', ')} (or messages)` });
    }
    const answers = answersOf(take(ANSWER_KEYS));
    if (answers !== undefined) expected = [...new Set([...expected, ...answers])];
    if (expected.length > 0) c.expected = expected;
    const system = take(SYSTEM_KEYS);
    if (typeof system === 'string') c.systemPrompt = system;
    const tags = take(['tags']);
    if (Array.isArray(tags)) c.tags = tags.filter((t): t is string => typeof t === 'string');
    const metadata = Object.fromEntries(Object.entries(record).filter(([k]) => !used.has(k)));
    for (const k of Object.keys(metadata)) if (!extraFields.has(k)) extraFields.set(k, line);
    if (Object.keys(metadata).length > 0) c.metadata = metadata;
    testSet.cases.push(c);
    caseLines.push(line);
  });
  for (const [field, line] of extraFields)
    unmapped.push({
      line,
      what: `field "${field}"`,
      reason: 'not a question, answer, id, tags or system field; kept under metadata (use it in the prompt by moving it to vars).',
    });
  if (testSet.cases.length > 0 && !testSet.cases.some((c) => c.expected !== undefined))
    unmapped.push({
      line: null,
      what: 'answers',
      reason: `no line has an answer field (${ANSWER_KEYS.join(', ')}); add expected answers or scorers that need none.`,
    });
  return { testSet, caseLines, unmapped, errors };
}
