import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseRecordsCsv } from '../../main/services/reports/caseRecordsCsv';
import { readCaseRecordsJsonl } from '../../main/services/reports/caseRecordsJsonl';
import { makeReportFixture, type ReportFixture } from '../../main/services/reports/testing/makeReportFixture';
import { runCli } from '../testing/runCli';

let fixture: ReportFixture;
let out: string;
beforeAll(async () => {
  fixture = await makeReportFixture();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-report-cli-'));
}, 60_000);
afterAll(async () => {
  await fixture.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['report', ...args], { EVALBENCH_HOME: fixture.home, ...env });

describe('evalbench report', () => {
  it('writes each data format to --out and prints where, every per-case field intact', async () => {
    const { records } = await fixture.services.reports.build({ runId: fixture.runId });
    for (const format of ['csv', 'jsonl', 'json', 'html', 'md'] as const) {
      const file = path.join(out, `run.${format}`);
      const {
        code,
        out: printed,
        err,
      } = await cli([fixture.runId, '--format', format, '--out', file, '--title', 'CLI report', '--failures', 'all']);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(printed).toContain(file);
      expect(fs.existsSync(file)).toBe(true);
    }
    expect(readCaseRecordsCsv(fs.readFileSync(path.join(out, 'run.csv'), 'utf8'))).toEqual(records);
    expect(readCaseRecordsJsonl(fs.readFileSync(path.join(out, 'run.jsonl'), 'utf8'))).toEqual(records);
    expect(fs.readFileSync(path.join(out, 'run.html'), 'utf8')).toContain('<h1>CLI report</h1>');
    expect(fs.existsSync(path.join(out, 'run-quality.svg'))).toBe(true);
  });

  it('prints a PDF with Chromium: the title page, the sections and the failure cases on A4 pages', async () => {
    const file = path.join(out, 'report.pdf');
    const { code, err } = await cli([
      fixture.runId,
      '--format',
      'pdf',
      '--out',
      file,
      '--title',
      'Tiny quantizations',
      '--failures',
      'all',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // Each section starts a page: summary, charts (two pages of charts), tags, failures, reproducibility.
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(14);
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const heading of [
      'Tiny quantizations',
      'Summary per model',
      'Remote endpoints',
      'Charts',
      'Quantisation fidelity',
      'Pass rate by tag',
      'Failure cases',
      'Reproducibility',
      'Case crashy',
      'SIGSEGV',
    ])
      expect(text).toContain(heading);
    // The first page holds the summary; the reproducibility section is on the last pages.
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(first).toContain('Summary per model');
    expect(first).not.toContain('Reproducibility');
  }, 120_000);

  it('writes only the sections named with --sections, the quantisation fidelity among them', async () => {
    const file = path.join(out, 'fidelity.html');
    const { code, err } = await cli([fixture.runId, '--format', 'html', '--out', file, '--sections', 'fidelity,reproducibility']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const html = fs.readFileSync(file, 'utf8');
    expect([...html.matchAll(/<section class="report-section" id="(\w+)"/g)].map((m) => m[1])).toEqual(['fidelity', 'reproducibility']);
    expect(html).toContain('data-chart="fidelity"');
  });

  it('says clearly when there is no Chromium to print with', async () => {
    const { code, err } = await cli([fixture.runId, '--format', 'pdf', '--out', path.join(out, 'x.pdf')], {
      EVALBENCH_CHROMIUM: '/nowhere/chromium',
    });
    expect(code).toBe(1);
    expect(err).toMatch(/EVALBENCH_CHROMIUM points to \/nowhere\/chromium, which does not exist/);
    expect(err).toMatch(/apt-get install -y chromium/);
  });

  it('refuses a missing run, an unknown format or section, naming them', async () => {
    expect((await cli(['no-such-run', '--format', 'html', '--out', path.join(out, 'n.html')])).err).toMatch(/No run no-such-run/);
    const format = await cli([fixture.runId, '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/--format must be one of html, md, pdf, csv, jsonl, json, not "docx"/);
    expect((await cli([fixture.runId, '--format', 'html', '--sections', 'summary,appendix'])).err).toMatch(
      /unknown section "appendix"; use summary, charts, fidelity, tags, failures, reproducibility\./,
    );
    expect((await cli([fixture.runId, '--format', 'html', '--failures', 'ghost', '--out', path.join(out, 'g.html')])).err).toMatch(
      /no case "ghost"/,
    );
  });
});
