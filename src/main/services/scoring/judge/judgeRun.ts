import type { CaseScore, RunCase } from '../../../../shared/runs';
import type { ScorerSpec } from '../../../../shared/testset/ScorerSpec';
import type { Engine } from '../../engine/Engine';
import type { ModelLibrary } from '../../models/ModelLibrary';
import { byScorerModel, findScorerModel, pendingScores, updateScore, type PendingScore } from '../pendingScores';
import type { RunScoresPort } from '../RunScoresPort';
import { JUDGE_PENDING } from '../scoreOutput';
import { parseJudgeReply, renderJudgePrompt } from './judgePrompt';

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
  deps: {
    runs: RunScoresPort;
    engine: Pick<Engine, 'load' | 'generate' | 'unload'>;
    library: Pick<ModelLibrary, 'list'>;
    template: string;
    signal?: AbortSignal;
  },
  runId: string,
): Promise<{ judged: number; failed: number }> {
  const tasks = pendingScores(deps.runs, runId, 'judge', JUDGE_PENDING);
  let judged = 0;
  let failed = 0;
  const update = (task: PendingScore<ScorerSpec>, patch: Partial<CaseScore>): void => updateScore(deps.runs, runId, task, patch);

  for (const [judgeName, group] of byScorerModel(tasks)) {
    const found = findScorerModel(deps.library, judgeName, 'judge');
    if ('problem' in found) {
      for (const task of group) update(task, { error: found.problem });
      failed += group.length;
      continue;
    }
    const judge = found.model;
    let loadedId: string;
    try {
      loadedId = (await deps.engine.load(judge.path, { contextSize: Math.min(4096, judge.metadata?.contextLength ?? 2048) })).id;
    } catch (error) {
      for (const task of group)
        update(task, {
          error: `the judge model ${judge.name} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        });
      failed += group.length;
      continue;
    }
    try {
      for (const task of group) {
        if (deps.signal?.aborted === true) break;
        const prompt = renderJudgePrompt(deps.template, {
          rubric: task.spec.rubric,
          prompt: promptOf(task.testCase),
          expected: task.testCase.expected,
          output: task.output,
        });
        try {
          const reply = await deps.engine.generate(
            loadedId,
            { kind: 'chat', template: 'model', messages: [{ role: 'user', content: prompt }] },
            { temperature: 0, maxTokens: 128 },
          );
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
            details: {
              judge: judge.name,
              grade: parsed.grade,
              reason: parsed.reason,
              threshold: task.spec.threshold,
              prompt,
              reply: reply.text,
            },
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
