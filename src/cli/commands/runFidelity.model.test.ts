import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FidelityProgress, ModelFidelity, RunFidelity } from '../../shared/fidelity';
import { forkWorker } from '../../main/services/engine/WorkerProcess';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { createServices } from '../../main/services/Services';
import { runCli } from '../testing/runCli';

// Fidelity on the test set's expected answers (issue #5): from `evalbench fidelity --text-from`,
// from a run file's `fidelity` block after `evalbench run`, and through the API the app uses.
let fixtures: FixtureSet;
let dir: string;
const sentences = [
  'The river town had four bridges and a market by the water.',
  'Every morning the people crossed them to sell bread, fish and apples.',
  'The bells rang at noon and the boats went back down the river.',
];
beforeAll(async () => {
  fixtures = await ensureFixtures();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runfid-'));
  const cases = Array.from(
    { length: 8 },
    (_, i) =>
      `  - id: c${i}\n    prompt: "Describe the town, part ${i}."\n    expected: "${sentences.map((s, k) => sentences[(k + i) % 3] ?? s).join(' ')}"`,
  );
  fs.writeFileSync(
    path.join(dir, 'town.yaml'),
    `name: Town\ndefaults:\n  params: { temperature: 0, maxTokens: 4 }\n  scorers: [{ type: contains }]\ncases:\n${cases.join('\n')}\n`,
  );
  fs.writeFileSync(path.join(dir, 'story.txt'), sentences.join(' ').repeat(12));
  const load = '{ backend: cpu, threads: 1, contextSize: 256 }';
  fs.writeFileSync(
    path.join(dir, 'town.run.yaml'),
    [
      'testSet: town.yaml',
      'models:',
      `  - { path: "${fixtures.files.f32}", label: F32, load: ${load} }`,
      `  - { path: "${fixtures.files.q8_0}", label: Q8_0, load: ${load} }`,
      `  - { path: "${fixtures.files.q4_0}", label: Q4_0, load: ${load} }`,
      'fidelity: { reference: F32, text: expected, contextSize: 64, chunks: 2 }',
    ].join('\n'),
  );
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => ({
  EVALBENCH_HOME: path.join(dir, 'home'),
  EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '',
});

describe('fidelity on the test set’s expected answers', () => {
  it('evalbench fidelity --text-from measures on the expected answers', async () => {
    const { code, out, err } = await runCli(
      [
        'fidelity',
        '--reference',
        fixtures.files.f32,
        fixtures.files.q4_0,
        '--text-from',
        path.join(dir, 'town.yaml'),
        '--ctx',
        '64',
        '--chunks',
        '2',
        '--threads',
        '1',
      ],
      env(),
    );
    expect(err).not.toMatch(/evalbench fidelity:/);
    expect(code).toBe(0);
    expect(out).toMatch(/^tiny-llama-q4_0\.gguf \(62 scored positions\)$/m);
    const both = await runCli(
      [
        'fidelity',
        '--reference',
        fixtures.files.f32,
        fixtures.files.q4_0,
        '--text-from',
        path.join(dir, 'town.yaml'),
        '--text',
        path.join(dir, 'story.txt'),
      ],
      env(),
    );
    expect(both.code).toBe(2);
  }, 60_000);

  it('evalbench run measures the run file’s fidelity block after the run and stores it; the API measures again on a file', async () => {
    const { code, out, err } = await runCli(['run', path.join(dir, 'town.run.yaml'), '--json', '--out', path.join(dir, 'out')], env());
    expect(err).not.toMatch(/evalbench run:/);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { runId: string; fidelity: ModelFidelity[] };
    const [q8, q4] = summary.fidelity;
    expect([q8?.label, q4?.label, q8?.referenceLabel]).toEqual(['Q8_0', 'Q4_0', 'F32']);
    expect(q8?.report.positions).toBe(62);
    expect(q8?.report.meanKld.value).toBeLessThan(q4?.report.meanKld.value ?? 0);
    expect(q8?.text).toEqual({ kind: 'expected' });

    const services = createServices({
      home: path.join(dir, 'home'),
      host: 'cli',
      engine: { workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker },
    });
    try {
      const stored = (await services.router('runs.fidelity', { runId: summary.runId })) as { ok: true; value: RunFidelity };
      expect(stored.value.models.map((m) => [m.label, m.report.meanKld.value])).toEqual([
        ['Q8_0', q8?.report.meanKld.value],
        ['Q4_0', q4?.report.meanKld.value],
      ]);
      const events: FidelityProgress[] = [];
      const finished = new Promise<void>((resolve) =>
        services.bus.listen((m) => {
          if (m.event !== 'runs.fidelityProgress') return;
          events.push(m.payload as FidelityProgress);
          if ((m.payload as FidelityProgress).done) resolve();
        }),
      );
      const text = { kind: 'file', path: path.join(dir, 'story.txt') };
      const refused = await services.router('runs.measureFidelity', { runId: summary.runId, reference: 'm1:nope', text });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(refused)).toMatch(/has no model m1:nope/);
      const reference = stored.value.models[0]?.referenceKey ?? '';
      expect(await services.router('runs.measureFidelity', { runId: summary.runId, reference, text, contextSize: 64, chunks: 1 })).toEqual({
        ok: true,
        value: null,
      });
      expect(((await services.router('runs.fidelity', { runId: summary.runId })) as { value: RunFidelity }).value.running).toBe(true);
      await finished;
      expect(events.at(-1)).toMatchObject({ done: true, error: null });
      expect(events.some((e) => e.message.startsWith('Q4_0: chunk'))).toBe(true);
      const again = ((await services.router('runs.fidelity', { runId: summary.runId })) as { value: RunFidelity }).value;
      expect(again.running).toBe(false);
      expect(again.models.map((m) => [m.label, m.text.kind, m.chunks])).toEqual([
        ['Q8_0', 'file', 1],
        ['Q4_0', 'file', 1],
      ]);
      // A text too short for the chunk asked for: the app's message speaks of its own fields, not CLI flags.
      const failed = new Promise<FidelityProgress>((resolve) =>
        services.bus.listen((m) => {
          if (m.event === 'runs.fidelityProgress' && (m.payload as FidelityProgress).done) resolve(m.payload as FidelityProgress);
        }),
      );
      expect(await services.router('runs.measureFidelity', { runId: summary.runId, reference, text, contextSize: 4096 })).toEqual({
        ok: true,
        value: null,
      });
      const { error } = await failed;
      expect(error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/fewer than one chunk of 4096\.$/) as unknown,
        hint: expect.stringContaining('chunk size') as unknown,
      });
      expect(JSON.stringify(error)).not.toContain('--');
    } finally {
      await services.close();
    }
  }, 300_000);
});
