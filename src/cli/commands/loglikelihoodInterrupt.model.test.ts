import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunProgress } from '../../shared/runs';
import type { RunSummary } from '../../shared/runSummary';
import { runCli } from '../testing/runCli';

// Ctrl-C stands in as `process.emit('SIGINT')`, which reaches the command's handler as the
// terminal's signal would, at a moment the test chooses. Once only: with the command's handler
// gone, a second one would reach signal-exit's (a dependency's), which ends the process as the
// real signal does.
let interruptAt: { progressDone?: number; scoreCall?: number } = {};
let scoreCalls = 0;
let interrupted = false;
function interrupt(): void {
  if (interrupted) return;
  interrupted = true;
  process.emit('SIGINT');
}

vi.mock('../progressPrinter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../progressPrinter')>();
  return {
    progressPrinter: (stream: NodeJS.WritableStream) => {
      const printer = original.progressPrinter(stream);
      return {
        update: (p: RunProgress) => {
          printer.update(p);
          if (p.done === interruptAt.progressDone) interrupt();
        },
        end: printer.end,
      };
    },
  };
});

vi.mock('../../main/services/loglikelihood/scoreChoicesLocal', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../main/services/loglikelihood/scoreChoicesLocal')>();
  return {
    scoreChoicesLocal: (...args: Parameters<typeof original.scoreChoicesLocal>) => {
      scoreCalls += 1;
      // Before the item's first forward pass: it must stop there, not score its choices.
      if (scoreCalls === interruptAt.scoreCall) interrupt();
      return original.scoreChoicesLocal(...args);
    },
  };
});

let failLlamaStart = false;
vi.mock('node-llama-cpp', async (importOriginal) => {
  const original = await importOriginal<typeof import('node-llama-cpp')>();
  return {
    ...original,
    getLlama: (...args: Parameters<typeof original.getLlama>) => {
      if (!failLlamaStart) return original.getLlama(...args);
      // As in a terminal: the signal reaches node-llama-cpp's binding test process too, which then fails.
      interrupt();
      return Promise.reject(new Error('NoBinaryFoundError'));
    },
  };
});

const examples = path.resolve(import.meta.dirname, '../../../resources/examples');
let dir: string;
let listenersBefore = 0;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-ll-interrupt-'));
  interruptAt = {};
  scoreCalls = 0;
  interrupted = false;
  failLlamaStart = false;
  listenersBefore = process.listenerCount('SIGINT');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Ctrl-C during log-likelihood scoring', () => {
  it('evalbench run stops its log-likelihood cases, keeps what finished, and --resume scores exactly the rest', async () => {
    const runFile = path.join(dir, 'll.run.yaml');
    fs.writeFileSync(
      runFile,
      [
        `testSet: ${JSON.stringify(path.join(examples, 'skills-choice.yaml'))}`,
        'models:',
        '  - { path: "fixture:skilled-llama-f32", label: F32, load: { backend: cpu, threads: 1, contextSize: 128 } }',
        'warmup: 0',
      ].join('\n'),
    );
    const env = { EVALBENCH_HOME: path.join(dir, 'home'), EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '' };
    interruptAt = { progressDone: 3 };
    const stopped = await runCli(['run', runFile, '--json', '--out', path.join(dir, 'out')], env);
    expect(stopped.code).toBe(130);
    const runId = /Resume with: evalbench run --resume (\S+)/.exec(stopped.err)?.[1];
    expect(runId).toBeDefined();
    const partial = JSON.parse(stopped.out) as RunSummary;
    expect(partial.models[0]?.results).toBe(3);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);

    interruptAt = {};
    const resumed = await runCli(['run', '--resume', runId ?? '', '--json', '--out', path.join(dir, 'out')], env);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.out) as RunSummary;
    expect(summary.models.map((m) => [m.results, m.errors])).toEqual([[32, 0]]);
  }, 120_000);

  it('evalbench loglikelihood stops before the next forward pass and says so, with exit code 130', async () => {
    interruptAt = { scoreCall: 2 };
    const set = path.join(examples, 'skills-choice.jsonl');
    const { code, out, err } = await runCli(['loglikelihood', '--set', set, 'fixture:skilled-llama-f32', '--threads', '1', '--json']);
    expect(out).toBe('');
    expect(err).toBe(
      'evalbench loglikelihood: stopped while scoring skilled-llama-f32, with 0 of 1 models done; no summary of part of the items is printed. Run the command again to score them all.\n',
    );
    expect(code).toBe(130);
    expect(scoreCalls).toBe(2);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
  }, 60_000);

  it('evalbench loglikelihood interrupted while node-llama-cpp starts says it stopped, not that no binary was found', async () => {
    failLlamaStart = true;
    const set = path.join(examples, 'skills-choice.jsonl');
    const { code, err } = await runCli(['loglikelihood', '--set', set, 'fixture:skilled-llama-f32', '--threads', '1']);
    expect(err).toBe(
      'evalbench loglikelihood: stopped while scoring skilled-llama-f32, with 0 of 1 models done; no summary of part of the items is printed. Run the command again to score them all.\n',
    );
    expect(code).toBe(130);
    expect(scoreCalls).toBe(0);
  });
});
