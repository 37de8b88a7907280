import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelFidelity } from '../../../../shared/fidelity';
import { remoteModelId } from '../../../../shared/remoteModel';
import type { CaseResultInput, CaseScore, RunEnvironment } from '../../../../shared/runs';
import { RunCase, RunSpec } from '../../../../shared/runs';
import { ensureFixtures } from '../../gguf/fixtureCache';
import { forkWorker } from '../../engine/WorkerProcess';
import { createServices, type Services } from '../../Services';
import { callRouter } from '../../testing/callRouter';
import type { PdfPrinter } from '../printPdf';
import { optionalFields } from '../../../../shared/optionalFields';

/** Text that must survive every format untouched and never become markup. */
export const TRICKY =
  '<script>alert("x")</script> & \'quotes\', commas; | pipes *stars* [link](http://example.com)\nsecond line ünïcødé 🚀';

function score(label: string, passed: boolean, extra: Partial<CaseScore> = {}): CaseScore {
  return {
    label,
    type: 'contains',
    weight: 1,
    score: passed ? 1 : 0,
    rawScore: passed ? 1 : 0,
    passed,
    explanation: passed ? 'found the expected text' : 'expected text missing',
    details: { matched: passed ? 'Paris' : null },
    error: null,
    ...extra,
  };
}

const ENVIRONMENT: RunEnvironment = {
  cpu: { model: 'Test CPU 9000', physicalCores: 4, logicalCores: 8 },
  ramBytes: 16 * 1024 ** 3,
  gpus: [],
  os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0', arch: 'x64' },
  versions: { evalbench: '0.1.0', node: '20.19.0', electron: null, nodeLlamaCpp: '3.22.1' },
  models: {},
};

/** The environment variable the fixture's remote endpoint names for its API key, and the key in it while a test runs. */
export const REMOTE_KEY_ENV = 'EVALBENCH_REPORT_FIXTURE_KEY';
export const REMOTE_KEY = 'sk-fixture-3f9c1d2e7a6b5c4d';

/** The remote model's two endpoints: the second answers less, errs once and is given up. */
export const REMOTE_ENDPOINTS = ['http://127.0.0.1:8081/v1', 'http://127.0.0.1:8082/v1'] as const;

export interface ReportFixture {
  services: Services;
  runId: string;
  home: string;
  /** Closes the store and stops the services, leaving the data folder for another process. */
  close(): Promise<void>;
  /** Closes and deletes the data folder. */
  dispose(): Promise<void>;
}

/**
 * A finished three-model run (the fixture GGUFs Q8_0 and Q4_0 in the library, so hashes and
 * metadata are real, and a remote model served by two endpoints, one of them given up) with
 * synthetic results written through the store: passes, failures, a harness error, a cached
 * result, an empty output, text full of markup, two repetitions, review labels, a telemetry
 * time line and Q4_0's fidelity against Q8_0. No model is loaded.
 */
export async function makeReportFixture(options: { pdf?: PdfPrinter } = {}): Promise<ReportFixture> {
  const fixtures = await ensureFixtures();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-report-'));
  const services = createServices({
    home,
    host: 'cli',
    engine: { workerScript: '', launch: forkWorker },
    ...optionalFields({ pdf: options.pdf }),
  });
  await services.models.add([fixtures.files.q8_0, fixtures.files.q4_0]);
  await services.models.idle();
  const q8 = services.models.list().find((m) => m.path === fixtures.files.q8_0);
  const q4 = services.models.list().find((m) => m.path === fixtures.files.q4_0);
  if (q8 === undefined || q4 === undefined) throw new Error('the fixture models were not added');
  const cases = RunCase.array().parse([
    {
      id: 'capital-fr',
      input: { kind: 'completion', prompt: 'The capital of France is' },
      expected: ['Paris'],
      tags: ['geo'],
      scorers: [{ type: 'contains' }],
    },
    {
      id: 'tricky',
      input: {
        kind: 'chat',
        messages: [
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: TRICKY },
        ],
      },
      expected: ['42'],
      tags: ['math', 'tricky'],
      scorers: [{ type: 'contains' }, { type: 'contains' }],
    },
    {
      id: 'crashy',
      input: { kind: 'completion', prompt: 'Count to three:' },
      expected: ['1 2 3'],
      tags: ['geo'],
      scorers: [{ type: 'contains' }],
    },
  ]);
  const remote = {
    modelId: remoteModelId('Remote Q8_0'),
    label: 'Remote Q8_0',
    remote: {
      endpoints: [
        { baseUrl: `${REMOTE_ENDPOINTS[0]}/`, model: 'tiny-q8', apiKeyEnv: REMOTE_KEY_ENV, concurrency: 2 },
        { baseUrl: REMOTE_ENDPOINTS[1], model: 'tiny-q8', dialect: 'llama-server' },
      ],
    },
  };
  const spec = RunSpec.parse({
    name: 'Tiny <quant> comparison',
    models: [{ modelId: q8.id, label: 'Q8_0' }, { modelId: q4.id, label: 'Q4_0', load: { backend: 'cpu', threads: 1 } }, remote],
    repetitions: 2,
    params: { seed: 7, maxTokens: 16 },
  });
  const runId = services.runs.runs.create(spec, cases, ENVIRONMENT);
  const m0 = `m0:${q8.id}`;
  const m1 = `m1:${q4.id}`;
  const m2 = `m2:${remote.modelId}`;
  const timings = (ttft: number, tps: number) => ({
    timeToFirstTokenMs: ttft,
    promptTokens: 12,
    promptTokensPerSecond: 480.5,
    generatedTokens: 9,
    generationTokensPerSecond: tps,
    totalMs: ttft + 9000 / tps,
  });
  const memory = (mb: number) => ({ peakRssBytes: mb * 1024 * 1024, rssBytes: (mb - 3) * 1024 * 1024, vramUsedBytes: null });
  const results: FixtureResult[] = [];
  for (const rep of [0, 1]) {
    const seed = 7 + rep;
    results.push(
      {
        result: {
          modelKey: m0,
          caseId: 'capital-fr',
          repetition: rep,
          seed,
          output: rep === 0 ? ' Paris.' : ' Paris',
          stopReason: 'eos',
          timings: { ...timings(20 + rep, 150.25), llamaCppDecodeTokensPerSecond: 161.5 + rep },
          memory: memory(60),
        },
        scores: [score('contains', true)],
      },
      {
        result: {
          modelKey: m1,
          caseId: 'capital-fr',
          repetition: rep,
          seed,
          output: rep === 0 ? ' Lyon' : ' Lyon, "maybe"',
          stopReason: 'max_tokens',
          timings: { ...timings(12 + rep, 210.5), llamaCppDecodeTokensPerSecond: 224 + rep },
          memory: memory(40),
        },
        scores: [score('contains', false)],
      },
      {
        result: {
          modelKey: m0,
          caseId: 'tricky',
          repetition: rep,
          seed,
          output: `The answer is 42\n\n\`\`\`js\n${TRICKY}\n\`\`\``,
          stopReason: 'stop_sequence',
          timings: timings(25, 140),
          memory: memory(62),
          cachedFrom: rep === 1 ? 'an-earlier-run' : null,
        },
        scores: [score('contains', true), score('contains', true, { weight: 0.5, explanation: TRICKY })],
      },
      {
        result: {
          modelKey: m1,
          caseId: 'tricky',
          repetition: rep,
          seed,
          output: rep === 0 ? '' : 'ünïcødé 🚀',
          stopReason: 'eos',
          timings: { ...timings(11, 200), generationTokensPerSecond: null, timeToFirstTokenMs: null },
          memory: memory(41),
          ...(rep === 1
            ? {
                endpoint: 'http://127.0.0.1:8080/v1',
                provenance: {
                  timeToFirstTokenMs: 'unknown',
                  promptTokens: 'reported-by-server',
                  promptTokensPerSecond: 'estimated',
                  generatedTokens: 'reported-by-server',
                  generationTokensPerSecond: 'unknown',
                  totalMs: 'measured-locally',
                  peakRssBytes: 'unknown',
                  rssBytes: 'unknown',
                  vramUsedBytes: 'unknown',
                  stopReason: 'reported-by-server',
                } as const,
              }
            : {}),
        },
        scores: [
          score('contains', false),
          score('contains', false, { error: 'bad pattern', score: null, rawScore: null, passed: null, weight: 0 }),
        ],
      },
      {
        result: {
          modelKey: m0,
          caseId: 'crashy',
          repetition: rep,
          seed,
          output: ' 1 2 3',
          stopReason: 'eos',
          timings: { ...timings(22, 148), llamaCppDecodeTokensPerSecond: 159 },
          memory: memory(61),
        },
        scores: [score('contains', true)],
      },
      {
        result: {
          modelKey: m1,
          caseId: 'crashy',
          repetition: rep,
          seed,
          output: null,
          stopReason: null,
          timings: null,
          memory: null,
          error: {
            kind: 'crashed',
            message: 'The worker for Q4_0 exited with signal SIGSEGV',
            logs: ['llama: loading', 'line, with "comma"'],
          },
        },
        scores: [],
      },
    );
  }
  const remoteResults = remoteModelResults(m2, timings);
  for (const { result, scores } of [...results, ...remoteResults]) {
    services.runs.runs.save({ ...result, error: result.error ?? null, runId, finishedAt: result.finishedAt ?? '2026-11-23T12:00:00.000Z' });
    if (scores.length > 0) services.runs.runs.saveScores(runId, result.modelKey, result.caseId, result.repetition, scores);
  }
  await callRouter(services, 'review.set', {
    runId,
    modelKey: m1,
    caseId: 'capital-fr',
    repetition: 0,
    verdict: 'fail',
    note: `Confuses capitals ${TRICKY}`,
    tags: ['hallucination', 'geo|pipe'],
  });
  await callRouter(services, 'review.set', {
    runId,
    modelKey: m1,
    caseId: 'tricky',
    repetition: 0,
    verdict: 'unsure',
    note: 'Empty answer?',
    tags: [],
  });
  await callRouter(services, 'review.set', {
    runId,
    modelKey: m0,
    caseId: 'tricky',
    repetition: 0,
    verdict: 'pass',
    note: '',
    tags: ['format'],
  });
  const sample = (tMs: number, worker: number) => ({
    tMs,
    ramUsedBytes: 8e9 + tMs * 1000,
    ramTotalBytes: 16e9,
    cpuPercent: 50,
    workers: [{ pid: 1, rssBytes: worker, cpuPercent: 90 }],
    gpus: [],
  });
  for (const [t, w] of [
    [0, 0],
    [500, 60e6],
    [1000, 62e6],
    [1500, 40e6],
    [2000, 41e6],
  ] as const)
    services.runs.telemetry.addSample(runId, 0, sample(t, w));
  services.runs.telemetry.addMarker(runId, 0, { tMs: 100, kind: 'model-load', label: 'Q8_0' });
  services.runs.telemetry.addMarker(runId, 0, { tMs: 1200, kind: 'model-unload', label: 'Q8_0' });
  services.runs.telemetry.addMarker(runId, 0, { tMs: 1300, kind: 'model-load', label: 'Q4_0' });
  services.runs.runs.recordEndpointDown(runId, m2, REMOTE_ENDPOINTS[1], 'died mid-run: connection refused');
  services.runs.runs.recordModelLoad(runId, m0, {
    backend: 'cpu',
    gpuName: null,
    layerCount: 2,
    gpuLayers: 0,
    contextSize: 256,
    batchSize: 256,
    threads: 1,
    threadProbe: {
      tried: [
        { threads: 1, tokensPerSecond: 812.5 },
        { threads: 2, tokensPerSecond: 3.25 },
      ],
      chosen: 1,
      confirmedTokensPerSecond: 790,
    },
    flashAttention: false,
    trainContextSize: 256,
    hasChatTemplate: false,
    llamaCppRelease: 'b1',
    nodeLlamaCppVersion: '3.22.1',
    loadMs: 120,
    memory: { peakRssBytes: 60e6, rssBytes: 58e6, vramUsedBytes: null },
  });
  services.runs.runs.recordCompetingLoad(runId, { cores: 2, atStart: 1.25, mean: 0.8, peak: 1.9, samples: 12, busy: true });
  storeFidelity(services, runId, q4Fidelity(m1, m0));
  services.runs.runs.setStatus(runId, 'completed');
  return {
    services,
    runId,
    home,
    close: () => services.close(),
    dispose: async () => {
      await services.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

type FixtureResult = {
  result: Omit<CaseResultInput, 'runId' | 'finishedAt' | 'error'> & { error?: CaseResultInput['error']; finishedAt?: string };
  scores: CaseScore[];
};

/**
 * The remote model's answers, all right: endpoint A answers four (a second each, over 6 s of
 * wall clock: 36 tokens, 6 tokens/s), endpoint B one before it fails on the last and is given up.
 */
function remoteModelResults(
  modelKey: string,
  timings: (ttft: number, tps: number) => NonNullable<CaseResultInput['timings']>,
): FixtureResult[] {
  const [a, b] = REMOTE_ENDPOINTS;
  const provenance = {
    timeToFirstTokenMs: 'measured-locally',
    promptTokens: 'reported-by-server',
    promptTokensPerSecond: 'estimated',
    generatedTokens: 'reported-by-server',
    generationTokensPerSecond: 'measured-locally',
    totalMs: 'measured-locally',
    peakRssBytes: 'unknown',
    rssBytes: 'unknown',
    vramUsedBytes: 'unknown',
    stopReason: 'reported-by-server',
  } as const;
  const answers: Record<string, string> = { 'capital-fr': ' Paris', tricky: 'The answer is 42', crashy: ' 1 2 3' };
  const plan: { caseId: string; repetition: number; endpoint: string; end: string; tps: number; fails?: true }[] = [
    { caseId: 'capital-fr', repetition: 0, endpoint: a, end: '2026-11-23T12:00:02.000Z', tps: 90 },
    { caseId: 'tricky', repetition: 0, endpoint: a, end: '2026-11-23T12:00:03.000Z', tps: 80 },
    { caseId: 'crashy', repetition: 0, endpoint: b, end: '2026-11-23T12:00:04.000Z', tps: 45 },
    { caseId: 'capital-fr', repetition: 1, endpoint: a, end: '2026-11-23T12:00:05.000Z', tps: 100 },
    { caseId: 'tricky', repetition: 1, endpoint: a, end: '2026-11-23T12:00:07.000Z', tps: 95 },
    { caseId: 'crashy', repetition: 1, endpoint: b, end: '2026-11-23T12:00:06.000Z', tps: 0, fails: true },
  ];
  return plan.map((p): FixtureResult => {
    const base = {
      modelKey,
      caseId: p.caseId,
      repetition: p.repetition,
      seed: 7 + p.repetition,
      endpoint: p.endpoint,
      provenance,
      finishedAt: p.end,
      memory: null,
    };
    if (p.fails === true)
      return {
        result: {
          ...base,
          output: null,
          stopReason: null,
          timings: null,
          error: { kind: 'failed', message: `${b}: connection refused`, logs: [] },
        },
        scores: [],
      };
    // Each answer takes 1 s from its request (1 s before it finished) at 9 tokens.
    return {
      result: { ...base, output: answers[p.caseId] ?? '', stopReason: 'eos', timings: { ...timings(120, p.tps), totalMs: 1000 } },
      scores: [score('contains', true)],
    };
  });
}

/** Q4_0 measured against Q8_0 on the expected answers, as FidelityService would have stored it. */
function q4Fidelity(modelKey: string, referenceKey: string): ModelFidelity {
  const mean = (value: number, uncertainty: number) => ({ value, uncertainty });
  return {
    modelKey,
    label: 'Q4_0',
    referenceKey,
    referenceLabel: 'Q8_0',
    text: { kind: 'expected' },
    contextSize: 64,
    chunks: 3,
    tokens: 192,
    precision: 'reference log-probabilities kept as float32',
    measuredAt: '2026-11-23T12:30:00.000Z',
    report: {
      positions: 96,
      basePerplexity: mean(18.4321, 1.2345),
      candidatePerplexity: mean(19.8765, 1.3456),
      logPerplexityRatio: mean(0.0754, 0.0123),
      nllCorrelation: 0.9876,
      meanKld: mean(0.04567, 0.00321),
      kldPercentiles: {
        max: 0.8765,
        'p99.9': 0.7,
        p99: 0.4321,
        p95: 0.2,
        p90: 0.15,
        median: 0.01234,
        p10: 0.001,
        p5: 0.0005,
        p1: 0.0001,
        'p0.1': 0.00001,
        min: 0,
      },
      meanDeltaP: mean(-0.0123, 0.0021),
      rmsDeltaP: mean(0.0789, 0.0043),
      deltaPPercentiles: { max: 0.3, median: -0.001, min: -0.4 },
      sameTop: mean(0.9167, 0.0282),
    },
  };
}

/** Writes fidelity figures into run_fidelity the way FidelityService stores a measurement. */
function storeFidelity(services: Services, runId: string, fidelity: ModelFidelity): void {
  const { modelKey, referenceKey, text, measuredAt, ...rest } = fidelity;
  services.store.db
    .prepare('INSERT INTO run_fidelity (run_id, model_key, reference_key, text_json, result_json, measured_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(runId, modelKey, referenceKey, JSON.stringify(text), JSON.stringify(rest), measuredAt);
}
