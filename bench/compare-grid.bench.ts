// The Compare grid on a big run: time until its first rows show, then frame times while it
// scrolls, in Chromium against `evalbench serve`. Target: 60 fps scrolling (frames within 16.7 ms).
// Writes a synthetic run straight into a temporary data folder (no model runs), so build first:
//   npm run build && npm run bench -- compare-grid [--cases 10000] [--models 8] [--seconds 4] [--speed 120] [--home DIR]
// --speed is how far the grid scrolls each frame, in pixels (120 ≈ a fast flick of the wheel).
// --home keeps the data folder (written on the first use only), to measure again without rewriting it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import { startPrintingUrl } from '../e2e/support/serve';
import { RunCase, RunSpec, type CaseScore } from '../src/shared/runs';
import { modelKey, RunStore } from '../src/main/services/runs/RunStore';
import { Store } from '../src/main/services/store/Store';
import { quantileSorted } from '../src/shared/stats';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    models: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '4' },
    speed: { type: 'string', default: '120' },
    home: { type: 'string' },
  },
});
const caseCount = Number(values.cases);
const modelCount = Number(values.models);
const seconds = Number(values.seconds);
const speed = Number(values.speed);
for (const [name, value] of Object.entries({ cases: caseCount, models: modelCount, seconds, speed })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${values[name as 'cases']}`);
}
const root = path.resolve(import.meta.dirname, '..', '..');
if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html')))
  throw new Error('No build in out/: run `npm run build` first (the bench opens the built renderer).');

/** Small seeded generator (mulberry32), so every run of the bench draws the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the answer is paris river nile capital of france model quantized output token reply json value number seven eleven blue sky ocean mountain because therefore however'.split(
    ' ',
  );

function sentence(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)] ?? 'word').join(' ');
}

/** A run of `caseCount` cases by `modelCount` models, every result scored, written as the orchestrator would. */
function writeRun(home: string): string {
  const next = random(7);
  const store = Store.open(path.join(home, 'evalbench.db'));
  try {
    const runs = new RunStore(store);
    const quants = ['F32', 'F16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q3_K_M', 'Q2_K'];
    const models = Array.from({ length: modelCount }, (_, i) => ({ modelId: `synthetic-${i}`, label: quants[i] ?? `Model ${i + 1}` }));
    const cases = Array.from({ length: caseCount }, (_, i) =>
      RunCase.parse({
        id: `case-${String(i).padStart(5, '0')}`,
        input: { kind: 'completion', prompt: `Question ${i}: ${sentence(next, 12)}?` },
        expected: [sentence(next, 2)],
        scorers: [{ type: 'contains' }],
        tags: [['geo', 'math', 'format', 'chat'][i % 4] ?? 'chat'],
      }),
    );
    const runId = runs.create(RunSpec.parse({ name: `Grid bench ${caseCount}×${modelCount}`, mode: 'latency', models }), cases, {});
    const finishedAt = new Date().toISOString();
    store.db.exec('BEGIN');
    for (const c of cases) {
      models.forEach((m, i) => {
        const key = modelKey(i, m.modelId);
        const passed = next() < 0.7 - i * 0.04;
        const generatedTokens = 8 + Math.floor(next() * 56);
        runs.save({
          runId,
          modelKey: key,
          caseId: c.id,
          repetition: 0,
          seed: 0,
          output: sentence(next, 4 + Math.floor(next() * 40)),
          stopReason: next() < 0.2 ? 'max_tokens' : 'eos',
          timings: {
            timeToFirstTokenMs: 20 + next() * 200,
            promptTokens: 24,
            promptTokensPerSecond: 800 + next() * 400,
            generatedTokens,
            generationTokensPerSecond: 30 + next() * 40,
            totalMs: 200 + next() * 2000,
          },
          memory: { peakRssBytes: 400_000_000 + i * 50_000_000, rssBytes: 380_000_000 + i * 50_000_000, vramUsedBytes: null },
          error: null,
          finishedAt,
        });
        const score: CaseScore = {
          label: 'contains',
          type: 'contains',
          weight: 1,
          score: passed ? 1 : 0,
          rawScore: passed ? 1 : 0,
          passed,
          explanation: passed ? 'Output contains the expected answer.' : 'Output contains none of the expected answers.',
          details: null,
          error: null,
        };
        runs.saveScores(runId, key, c.id, 0, [score]);
      });
    }
    store.db.exec('COMMIT');
    runs.setStatus(runId, 'completed');
    return runId;
  } finally {
    store.close();
  }
}

/** Frame time figures from requestAnimationFrame deltas, in ms. */
function frameStats(deltas: readonly number[]): { p50: number; p95: number; max: number; fps: number; dropped: number } {
  const sorted = [...deltas].sort((a, b) => a - b);
  const frame = 1000 / 60;
  // A delta of two frame intervals means one frame was missed, and so on.
  const missed = deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / frame) - 1), 0);
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: sorted.at(-1) ?? 0,
    fps: (deltas.length / total) * 1000,
    dropped: missed / (missed + deltas.length),
  };
}

const keep = values.home !== undefined;
const home = keep ? path.resolve(values.home ?? '') : fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-grid-bench-'));
let stopHost: (() => Promise<number | null>) | undefined;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  let started = performance.now();
  if (keep && fs.existsSync(path.join(home, 'evalbench.db'))) console.log(`Using the run already in ${home}`);
  else {
    fs.mkdirSync(home, { recursive: true });
    writeRun(home);
    console.log(
      `Wrote ${caseCount.toLocaleString('en-US')} cases × ${modelCount} models (${(caseCount * modelCount).toLocaleString('en-US')} scored results) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const host = await startPrintingUrl([process.execPath, path.join(root, 'bin', 'evalbench.js'), 'serve', '--no-open', '--port', '0'], {
    home,
  });
  stopHost = host.stop;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compare', exact: true }).waitFor();

  // From the click on Compare until the grid's first data row is on screen: loading the run
  // (cases and 80,000 results over the WebSocket), building the rows, and the first paint.
  started = performance.now();
  const render = await page.evaluate<{ ms: number; rows: string }>(`new Promise((resolve) => {
    const t0 = performance.now();
    window.compareOpenedAt = t0;
    window.loadingLongTasks = [];
    try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.loadingLongTasks.push(e.duration); }).observe({ entryTypes: ['longtask'] }); } catch {}
    [...document.querySelectorAll('nav button')].find((b) => b.textContent.trim() === 'Compare').click();
    const check = () => {
      const row = document.querySelector('[role="table"][aria-label="Cases by model"] [role="row"][aria-rowindex="2"]');
      if (row !== null) requestAnimationFrame(() => resolve({ ms: performance.now() - t0, rows: document.querySelector('[role="table"][aria-label="Cases by model"]').getAttribute('aria-rowcount') }));
      else if (performance.now() - t0 > 300000) resolve({ ms: -1, rows: '0' });
      else requestAnimationFrame(check);
    };
    check();
  })`);
  const { ms: renderMs, rows } = render;
  if (renderMs < 0) throw new Error(`The grid showed no rows within 5 minutes. Page errors: ${errors.join('; ') || 'none'}`);
  console.log(
    `Grid render: first rows on screen ${renderMs.toFixed(0)} ms after opening Compare (${Number(rows) - 1} case rows; wall ${(performance.now() - started).toFixed(0)} ms)`,
  );

  // The results arrive page by page after the first screen; the grid is complete when the progress bar goes.
  const complete = await page.evaluate<{ ms: number; long: number[] }>(`new Promise((resolve) => {
    const check = () => {
      if (document.querySelector('progress[aria-label="Results loaded"]') === null) requestAnimationFrame(() => resolve({ ms: performance.now() - window.compareOpenedAt, long: window.loadingLongTasks }));
      else setTimeout(check, 20);
    };
    check();
  })`);
  console.log(
    `Every result loaded ${complete.ms.toFixed(0)} ms after opening Compare; long tasks from opening until then: ${complete.long.length} (longest ${Math.max(0, ...complete.long).toFixed(0)} ms)`,
  );

  // What this browser manages with nothing to do, to read the scroll figures against.
  const idle = frameStats(
    await page.evaluate<number[]>(`new Promise((resolve) => {
    const deltas = [];
    let last = 0;
    const end = performance.now() + 1000;
    const step = (now) => { if (last > 0) deltas.push(now - last); last = now; if (now < end) requestAnimationFrame(step); else resolve(deltas); };
    requestAnimationFrame(step);
  })`),
  );
  console.log(`Idle, not scrolling: ${idle.fps.toFixed(1)} fps; frame time p50 ${idle.p50.toFixed(1)} ms, p95 ${idle.p95.toFixed(1)} ms`);

  // Scroll down by `speed` pixels a frame for `seconds`, recording every frame's interval and any long task.
  const scroll = await page.evaluate<{ deltas: number[]; long: number[]; scrollTop: number; rendered: number }>(`new Promise((resolve) => {
    const grid = document.querySelector('[role="table"][aria-label="Cases by model"]');
    const long = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) long.push(e.duration); });
    try { observer.observe({ entryTypes: ['longtask'] }); } catch {}
    const deltas = [];
    const end = performance.now() + ${seconds * 1000};
    let last = performance.now();
    const step = (now) => {
      deltas.push(now - last);
      last = now;
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) grid.scrollTop = 0;
      else grid.scrollTop += ${speed};
      if (now < end) requestAnimationFrame(step);
      else { observer.disconnect(); resolve({ deltas: deltas.slice(1), long, scrollTop: grid.scrollTop, rendered: grid.querySelectorAll('[role="row"]').length }); }
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(step); });
  })`);
  const s = frameStats(scroll.deltas);
  console.log(
    `Scrolling ${seconds} s at ${speed} px/frame: ${scroll.deltas.length} frames, ${s.fps.toFixed(1)} fps; frame time p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ` +
      `dropped frames ${(s.dropped * 100).toFixed(1)}%; long tasks ${scroll.long.length} (longest ${Math.max(0, ...scroll.long).toFixed(0)} ms); rows in the DOM ${scroll.rendered}; reached scrollTop ${Math.round(scroll.scrollTop)} — target 60 fps, p95 ≤ 16.7 ms`,
  );
  if (errors.length > 0) console.log(`Page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await stopHost?.();
  if (!keep) fs.rmSync(home, { recursive: true, force: true });
}
