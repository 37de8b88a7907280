import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePair, multipleChoiceFigures } from '../../main/services/loglikelihood/multipleChoice';
import {
  startFakeScoringServer,
  type FakeKind,
  type FakeScoringServer,
} from '../../main/services/loglikelihood/remote/testing/fakeScoringServer';
import { toyLm } from '../../main/services/loglikelihood/remote/testing/toyLm';
import { runCli } from '../testing/runCli';

const ITEMS = [
  { id: 'a', context: 'Question: the capital of France is', choices: [' Paris', ' Rome', ' the city of Lyon'], answer: 0 },
  { id: 'b', context: 'Two plus two is', choices: [' four', ' five'], answer: 0 },
  { id: 'c', context: 'The opposite of hot is', choices: [' cold', ' warm', ' very hot indeed'], answer: 0 },
];

let dir: string;
const servers: FakeScoringServer[] = [];
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evalbench-ll-remote-'));
  await fs.writeFile(path.join(dir, 'items.jsonl'), ITEMS.map((i) => JSON.stringify(i)).join('\n'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await fs.rm(dir, { recursive: true, force: true });
});

async function serve(kind: FakeKind): Promise<string> {
  const server = await startFakeScoringServer(kind, toyLm());
  servers.push(server);
  return `${server.origin}/v1`;
}

/** A run file naming remote models as `evalbench run` reads them. */
async function runFile(models: string): Promise<string> {
  const file = path.join(dir, 'remote.run.yaml');
  await fs.writeFile(file, `testSet: items.yaml\nmodels:\n${models}`);
  return file;
}

describe('evalbench loglikelihood with remote models', () => {
  it('scores the remote models of a run file, on the first endpoint that can, and prints the same table', async () => {
    const vllm = await serve('vllm');
    const llamaServer = await serve('llama-server');
    const ollama = await serve('no-logprobs');
    const file = await runFile(
      [
        `  - label: served\n    endpoints:\n      - { baseUrl: "${ollama}", model: toy, dialect: ollama, retries: 0 }\n      - { baseUrl: "${vllm}", model: toy, dialect: vllm }`,
        `  - label: llama\n    endpoints:\n      - { baseUrl: "${llamaServer}", model: toy, dialect: llama-server }`,
      ].join('\n'),
    );
    const json = await runCli(['loglikelihood', '--set', path.join(dir, 'items.jsonl'), '--models', file, '--json']);
    expect(json.code).toBe(0);
    // The first endpoint cannot: said once, then the second is used.
    expect(json.err).toMatch(new RegExp(`^served: ${ollama} cannot score log-likelihood: `));
    const summary = JSON.parse(json.out) as { items: number; models: { label: string; items: number; acc: { estimate: number } }[] };
    const lm = toyLm();
    let correct = 0;
    for (const item of ITEMS) {
      const scores = await Promise.all(
        item.choices.map(async (choice) => {
          const pair = encodePair((t) => lm.tokenize(t), item.context, choice, lm.bos);
          const lps = await lm.score([...pair.context, ...pair.continuation]);
          return {
            logprob: lps.slice(pair.context.length - 1).reduce((s, x) => s + x.logprob, 0),
            tokens: pair.continuation.length,
            greedy: false,
          };
        }),
      );
      correct += multipleChoiceFigures(item, scores).acc;
    }
    expect(summary.models.map((m) => [m.label, m.items, m.acc.estimate])).toEqual([
      ['served', 3, correct / 3],
      ['llama', 3, correct / 3],
    ]);

    const table = await runCli(['loglikelihood', '--set', path.join(dir, 'items.jsonl'), '--models', file]);
    expect(table.code).toBe(0);
    // The table `evalbench run` prints too (formatLoglikelihood): a rule under the header, percentages with their intervals.
    expect(table.out).toMatch(/^Model\s+Items\s+acc \(95% CI\)\s+acc_norm \(95% CI\)\s+P\(correct\) \(95% CI\)\n-+ {2}-+ {2}-+/);
    expect(table.out).toMatch(/\nserved\s+3\s+\d+\.\d% \(\d+\.\d%–\d+\.\d%\)\s/);
    expect(table.out).toMatch(/\n\nllama vs served:\n {2}acc: {8}\S.*\n {2}acc_norm: {3}\S.*\n {2}P\(correct\): \S.*\n$/);
  });

  it('fails with the reason when no endpoint of a remote model can score log-likelihood', async () => {
    const ollama = await serve('no-logprobs');
    const file = await runFile(`  - label: chat-only\n    endpoints:\n      - { baseUrl: "${ollama}", model: toy, dialect: ollama }`);
    const { code, out, err } = await runCli(['loglikelihood', '--set', path.join(dir, 'items.jsonl'), '--models', file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`chat-only: ${ollama} cannot score log-likelihood: it does not return prompt log-probabilities`);
    expect(err).toContain('chat-only: no endpoint of this model can score log-likelihood.');
  });

  it('stops at Ctrl-C, aborting the request under way, with exit code 130', async () => {
    const lm = toyLm();
    let calls = 0;
    let interruptedAt = 0;
    const slow = {
      ...lm,
      score: async (ids: readonly number[]) => {
        calls += 1;
        if (calls === 4) {
          // Ctrl-C while the server works on a request; `process.emit` reaches the command's handler as the signal would.
          process.emit('SIGINT');
          interruptedAt = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
        return lm.score(ids);
      },
    };
    const server = await startFakeScoringServer('llama-server', slow);
    servers.push(server);
    const file = await runFile(
      `  - label: llama\n    endpoints:\n      - { baseUrl: "${server.origin}/v1", model: toy, dialect: llama-server }`,
    );
    const listeners = process.listenerCount('SIGINT');
    const { code, out, err } = await runCli(['loglikelihood', '--set', path.join(dir, 'items.jsonl'), '--models', file]);
    expect(code).toBe(130);
    expect(out).toBe('');
    expect(err).toBe(
      'evalbench loglikelihood: stopped while scoring llama, with 0 of 1 models done; no summary of part of the items is printed. Run the command again to score them all.\n',
    );
    // The request under way was aborted, not waited for, and none followed it.
    expect(performance.now() - interruptedAt).toBeLessThan(2000);
    expect(calls).toBe(4);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('names the run file and line of a mistake in it', async () => {
    const file = await runFile(
      '  - label: nowhere\n    endpoints:\n      - { baseUrl: "http://gpu-box:8000/v1", model: toy, dialect: vlm }',
    );
    const { code, err } = await runCli(['loglikelihood', '--set', path.join(dir, 'items.jsonl'), '--models', file]);
    expect(code).toBe(1);
    expect(err).toMatch(/remote\.run\.yaml:5:\d+: .*dialect/);
  });
});
