import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../shared/runs';
import { formatProgress, progressPrinter } from './progressPrinter';

const progress = (done: number, patch: Partial<RunProgress> = {}): RunProgress => ({
  runId: 'r',
  status: 'running',
  done,
  total: 120,
  errors: 0,
  currentModel: 'Q4_K_M',
  currentCase: 'case-12',
  tokensPerSecond: 45.21,
  etaSeconds: 80,
  ...patch,
});

describe('run progress', () => {
  it('reads like a progress bar with the model, case, speed and time left', () => {
    expect(formatProgress(progress(30), 10)).toBe('[###-------] 30/120 · Q4_K_M · case-12 · 45.2 tok/s · ETA 1m20s');
    expect(formatProgress(progress(120, { errors: 2, currentCase: null }), 10)).toBe(
      '[##########] 120/120 · Q4_K_M · 45.2 tok/s · 2 errors',
    );
  });

  it('prints a line per tenth of the run when the output is not a terminal', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const printer = progressPrinter(out);
    for (let done = 0; done <= 120; done++) printer.update(progress(done));
    printer.end();
    expect(text.trim().split('\n')).toHaveLength(11);
    expect(text).not.toContain('\r');
  });
});
