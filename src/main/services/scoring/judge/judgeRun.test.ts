import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../../shared/engine';
import type { ModelSummary } from '../../../../shared/models';
import { RunCase, RunSpec } from '../../../../shared/runs';
import type { Engine } from '../../engine/Engine';
import { RunStore } from '../../runs/RunStore';
import { Store } from '../../store/Store';
import { scoreOutput } from '../scoreOutput';
import { DEFAULT_JUDGE_TEMPLATE } from './judgePrompt';
import { judgeRun } from './judgeRun';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function reply(text: string): GenerationResult {
  return {
    text,
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: 1,
      promptTokens: 1,
      promptTokensPerSecond: 1,
      generatedTokens: 1,
      generationTokensPerSecond: null,
      totalMs: 1,
    },
    memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
  };
}

async function setup(judgeReplies: (prompt: string) => string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-judge-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  cleanups.push(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const runs = new RunStore(store);
  const testCase = RunCase.parse({
    id: 'capital',
    input: { kind: 'completion', prompt: 'The capital of France is' },
    expected: ['Paris'],
    scorers: [{ type: 'contains' }, { type: 'judge', rubric: 'Names Paris as the capital.', model: 'judge-7b', threshold: 0.6 }],
  });
  const runId = runs.create(RunSpec.parse({ name: 'judged', models: [{ modelId: 'm' }] }), [testCase], {});
  for (const [caseId, output] of [['capital', 'Paris, of course.']] as const) {
    runs.save({
      runId,
      modelKey: 'm0:m',
      caseId,
      repetition: 0,
      seed: 0,
      output,
      stopReason: 'eos',
      timings: null,
      memory: null,
      error: null,
      finishedAt: 'now',
    });
    runs.saveScores(runId, 'm0:m', caseId, 0, await scoreOutput(testCase.scorers, { output, expected: testCase.expected, vars: {} }));
  }
  const asked: string[] = [];
  const engine = {
    load: () => Promise.resolve({ id: 'j' }),
    generate: (_id: string, input: { kind: string; messages?: { content: string }[] }) => {
      const prompt = input.messages?.[0]?.content ?? '';
      asked.push(prompt);
      return Promise.resolve(reply(judgeReplies(prompt)));
    },
    unload: () => Promise.resolve(),
  } as unknown as Pick<Engine, 'load' | 'generate' | 'unload'>;
  const library = { list: () => [{ name: 'judge-7b', path: '/models/judge-7b.gguf', metadata: null } as unknown as ModelSummary] };
  return { runs, runId, engine, library, asked };
}

describe('judgeRun', () => {
  it('replaces the pending judge score with the grade, the reason and the prompt it was asked', async () => {
    const { runs, runId, engine, library, asked } = await setup(() => 'SCORE: 9\nREASON: Names Paris.');
    expect(runs.scores(runId).values().next().value?.[1]?.error).toMatch(/waiting for the judge/);
    expect(await judgeRun({ runs, engine, library, template: DEFAULT_JUDGE_TEMPLATE }, runId)).toEqual({ judged: 1, failed: 0 });
    const [contains, judge] = [...runs.scores(runId).values()][0] ?? [];
    expect(contains?.passed).toBe(true);
    expect(judge).toMatchObject({ rawScore: 9, passed: true, error: null, explanation: 'judge-7b gave 9/10: Names Paris.' });
    expect(judge?.score).toBeCloseTo(8 / 9);
    expect(asked[0]).toContain('Rubric: Names Paris as the capital.');
    expect(asked[0]).toContain('Paris, of course.');
  });

  it('keeps an unreadable reply as an error on that scorer, quoting it', async () => {
    const { runs, runId, engine, library } = await setup(() => 'Looks good to me!');
    expect(await judgeRun({ runs, engine, library, template: DEFAULT_JUDGE_TEMPLATE }, runId)).toEqual({ judged: 0, failed: 1 });
    expect([...runs.scores(runId).values()][0]?.[1]?.error).toMatch(/no SCORE from 1 to 10: "Looks good to me!"/);
  });

  it('says when the judge model is not in the library', async () => {
    const { runs, runId, engine } = await setup(() => 'SCORE: 5');
    await judgeRun({ runs, engine, library: { list: () => [] }, template: DEFAULT_JUDGE_TEMPLATE }, runId);
    expect([...runs.scores(runId).values()][0]?.[1]?.error).toMatch(/"judge-7b" is not in the library/);
  });
});
