/** Header names (lower case, spaces and dashes as `_`) that CSV import reads as a case field; any other column is a variable. */
export const CSV_COLUMNS = {
  id: ['id', 'case_id'],
  prompt: ['prompt', 'question', 'input', 'query'],
  expected: ['expected', 'answer', 'answers', 'expected_answer', 'expected_output', 'output', 'target', 'reference'],
  tags: ['tags', 'tag'],
  systemPrompt: ['system', 'system_prompt', 'systemprompt'],
  messages: ['messages'],
  metadata: ['metadata'],
} as const;

export type CsvField = keyof typeof CSV_COLUMNS;

/** How a header is compared with the names above. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The case field a header names, allowing a number after it for repeated answers (`answer2`, `answer_3`). */
export function csvFieldOf(header: string): CsvField | undefined {
  const name = normalizeHeader(header);
  for (const [field, names] of Object.entries(CSV_COLUMNS) as [CsvField, readonly string[]][]) {
    if (names.includes(name)) return field;
    if (field === 'expected' && names.includes(name.replace(/_?\d+$/, ''))) return field;
  }
  return undefined;
}

/** Splits a multi-answer cell on `|`; `\|` is a literal bar and `\\` a backslash. */
export function splitAnswers(cell: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charAt(i);
    const next = cell.charAt(i + 1);
    if (c === '\\' && (next === '|' || next === '\\')) {
      current += next;
      i++;
    } else if (c === '|') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map((a) => a.trim()).filter((a) => a !== '');
}

/** The inverse of `splitAnswers`. */
export function joinAnswers(answers: readonly string[]): string {
  return answers.map((a) => a.replaceAll('\\', '\\\\').replaceAll('|', '\\|')).join(' | ');
}
