import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE_TEMPLATE, parseJudgeReply, renderJudgePrompt } from './judgePrompt';

describe('judge prompt', () => {
  it('fills the template once, leaving placeholders inside values alone', () => {
    const text = renderJudgePrompt(DEFAULT_JUDGE_TEMPLATE, {
      rubric: 'Names the capital.',
      prompt: 'Capital of France?',
      expected: ['Paris'],
      output: 'It is {{rubric}}',
    });
    expect(text).toContain('Rubric: Names the capital.');
    expect(text).toContain('- Paris');
    expect(text).toContain('Answer to grade:\nIt is {{rubric}}');
  });

  it('reads the grade and the reason, in the forms judges actually write', () => {
    expect(parseJudgeReply('SCORE: 8\nREASON: Correct but wordy.')).toEqual({ ok: true, grade: 8, reason: 'Correct but wordy.' });
    expect(parseJudgeReply('**Score:** 10/10\nReason: exact')).toMatchObject({ ok: true, grade: 10 });
    expect(parseJudgeReply('score = 3')).toMatchObject({ ok: true, grade: 3, reason: '' });
  });

  it('refuses a reply without a usable grade, quoting it', () => {
    expect(parseJudgeReply('I think it is fine.')).toMatchObject({ ok: false, problem: expect.stringContaining('no SCORE') as string });
    expect(parseJudgeReply('SCORE: 11')).toMatchObject({ ok: false });
  });
});
