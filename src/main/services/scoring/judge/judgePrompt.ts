/** The judge's instructions; `{{rubric}}`, `{{prompt}}`, `{{expected}}` and `{{output}}` are filled in. Editable in settings. */
export const DEFAULT_JUDGE_TEMPLATE = `You are grading an answer written by an AI model.

Rubric: {{rubric}}

Question or task:
{{prompt}}

Reference answer(s):
{{expected}}

Answer to grade:
{{output}}

Grade the answer against the rubric from 1 (fails it completely) to 10 (meets it fully).
Reply with exactly two lines:
SCORE: <a whole number from 1 to 10>
REASON: <one sentence>`;

/** Fills the template; values go in verbatim, once (no placeholder in a value is expanded). */
export function renderJudgePrompt(
  template: string,
  values: { rubric: string; prompt: string; expected: readonly string[]; output: string },
): string {
  const fills: Record<string, string> = {
    rubric: values.rubric,
    prompt: values.prompt,
    expected: values.expected.length === 0 ? '(none given)' : values.expected.map((e) => `- ${e}`).join('\n'),
    output: values.output,
  };
  return template.replace(/\{\{\s*(rubric|prompt|expected|output)\s*\}\}/g, (_, name: string) => fills[name] ?? '');
}

/** The judge's grade on 1–10 and its stated reason, or why its reply could not be read. */
export function parseJudgeReply(reply: string): { ok: true; grade: number; reason: string } | { ok: false; problem: string } {
  const score = /SCORE\s*[:=]\s*\**\s*(\d{1,2})(?:\s*\/\s*10)?/i.exec(reply);
  const grade = score?.[1] === undefined ? NaN : Number(score[1]);
  if (!Number.isInteger(grade) || grade < 1 || grade > 10) {
    return { ok: false, problem: `the judge's reply has no SCORE from 1 to 10: ${JSON.stringify(reply.slice(0, 200))}` };
  }
  const reason = /REASON\s*[:=]\s*(.+)/i.exec(reply)?.[1]?.trim() ?? '';
  return { ok: true, grade, reason };
}
