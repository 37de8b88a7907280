import path from 'node:path';
import type { CaseScore, RunCase } from '../../../../shared/runs';
import type { JudgeScorer } from '../../../../shared/testset/ScorerSpec';
import type { Engine } from '../../engine/Engine';
import type { ModelLibrary } from '../../models/ModelLibrary';
import { resultKey, type RunStore } from '../../runs/RunStore';
import { JUDGE_PENDING } from '../scoreOutput';
import { parseJudgeReply, renderJudgePrompt } from './judgePrompt';

type JudgeSpec = ReturnType<typeof JudgeScorer.parse>;

interface Task {
  modelKey: string;
  caseId: string;
  repetition: number;
  scorerIndex: number;
  spec: JudgeSpec;
  testCase: RunCase;
  output: string;
}

function promptOf(testCase: RunCase): string {
  if (testCase.input.kind === 'completion') return testCase.input.prompt;
  return testCase.input.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
}

/**
 * Grades the outputs of a run that judge scorers are waiting on: each judge model is loaded
 * once, asked greedily with the (editable) template, and its 1–10 grade and stated reason
 * replace the pending score. A judge that cannot be found, loaded or read leaves an error on
 * that scorer that says why, never a silent pass or fail.
 */
export async function judgeRun(
  deps: { runs: RunStore; engine: Pick<Engine, 'load' | 'generate' | 'unload'>; library: Pick<ModelLibrary, 'list'>; template: string; signal?: AbortSignal },
  runId: string,
): Promise<{ judged: number; failed: number }> {
  const run = deps.runs.get(runId);
  const cases = new Map(run.cases.map((c) => [c.id, c]));
  const scores = deps.runs.scores(runId);
  const tasks: Task[] = [];
  for (const result of deps.runs.results(runId)) {
    if (result.error !== null || result.output === null) continue;
    const testCase = cases.get(result.caseId);
    const stored = scores.get(resultKey(result.modelKey, result.caseId, result.repetition)) ?? [];
    testCase?.scorers.forEach((spec, scorerIndex) => {
      if (spec.type === 'judge' && stored[scorerIndex]?.error === JUDGE_PENDING) {
        tasks.push({ modelKey: result.modelKey, caseId: result.caseId, repetition: result.repetition, scorerIndex, spec, testCase, output: result.output ?? '' });
      }
    });
  }
  let judged = 0;
  let failed = 0;
  const update = (task: Task, patch: Partial<CaseScore>): void => {
    const key = resultKey(task.modelKey, task.caseId, task.repetition);
    const current = deps.runs.scores(runId).get(key) ?? [];
    const next = current.map((s, i) => (i === task.scorerIndex ? { ...s, ...patch } : s));
    deps.runs.saveScores(runId, task.modelKey, task.caseId, task.repetition, next);
  };
  const byJudge = new Map<string, Task[]>();
  for (const task of tasks) byJudge.set(task.spec.model ?? '', [...(byJudge.get(task.spec.model ?? '') ?? []), task]);

  for (const [judgeName, group] of byJudge) {
    const judge = judgeName === '' ? undefined : deps.library.list().find((m) => m.name === judgeName || m.path === path.resolve(judgeName));
    if (judge === undefined) {
      const problem = judgeName === '' ? 'the judge scorer names no judge model: set `model:` to a model in the library' : `the judge model "${judgeName}" is not in the library: add it on the Models page`;
      for (const task of group) update(task, { error: problem });
      failed += group.length;
      continue;
    }
    let loadedId: string;
    try {
      loadedId = (await deps.engine.load(judge.path, { contextSize: Math.min(4096, judge.metadata?.contextLength ?? 2048) })).id;
    } catch (error) {
      for (const task of group) update(task, { error: `the judge model ${judge.name} could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
      failed += group.length;
      continue;
    }
    try {
      for (const task of group) {
        if (deps.signal?.aborted === true) break;
        const prompt = renderJudgePrompt(deps.template, { rubric: task.spec.rubric, prompt: promptOf(task.testCase), expected: task.testCase.expected, output: task.output });
        try {
          const reply = await deps.engine.generate(loadedId, { kind: 'chat', template: 'model', messages: [{ role: 'user', content: prompt }] }, { temperature: 0, maxTokens: 128 });
          const parsed = parseJudgeReply(reply.text);
          if (!parsed.ok) {
            update(task, { error: parsed.problem });
            failed += 1;
            continue;
          }
          const score = (parsed.grade - 1) / 9;
          update(task, {
            score,
            rawScore: parsed.grade,
            passed: score >= task.spec.threshold,
            explanation: `${judge.name} gave ${parsed.grade}/10${parsed.reason === '' ? '' : `: ${parsed.reason}`}`,
            details: { judge: judge.name, grade: parsed.grade, reason: parsed.reason, prompt, reply: reply.text },
            error: null,
          });
          judged += 1;
        } catch (error) {
          update(task, { error: `the judge failed on this case: ${error instanceof Error ? error.message : String(error)}` });
          failed += 1;
        }
      }
    } finally {
      await deps.engine.unload(loadedId);
    }
  }
  return { judged, failed };
}
