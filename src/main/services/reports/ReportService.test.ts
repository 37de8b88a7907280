import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api';
import type { ReportFormat } from '../../../shared/reports';
import type { RobustnessFigures, RunSummary } from '../../../shared/runSummary';
import { callRouter } from '../testing/callRouter';
import { parseCsv } from '../testsets/csv';
import { readCaseRecordsCsv } from './caseRecordsCsv';
import { readCaseRecordsJsonl } from './caseRecordsJsonl';
import { drawReportCharts, renderHtml } from './renderHtml';
import { ReportService } from './ReportService';
import { ReviewService } from '../review/ReviewService';
import { makeReportFixture, TRICKY, type ReportFixture } from './testing/makeReportFixture';

let fixture: ReportFixture;
let out: string;
beforeAll(async () => {
  // PDFs are printed by the Chromium test in printPdf.test.ts; here a stand-in keeps these tests fast.
  fixture = await makeReportFixture({ pdf: (html) => Promise.resolve(Buffer.from(`%PDF-stand-in ${html.length}`)) });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-report-out-'));
}, 60_000);
afterAll(async () => {
  await fixture.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

const exportTo = (format: ReportFormat, file: string, options: Record<string, unknown> = {}) => fixture.services.reports.export({ runId: fixture.runId, ...options }, format, path.join(out, file));

describe('ReportService', () => {
  it('exports every format of a fixture run to files, answering each with its size and bytes', async () => {
    for (const format of ['html', 'md', 'pdf', 'csv', 'jsonl', 'json'] as const) {
      const files = await exportTo(format, `every.${format}`);
      expect(files[0]?.path).toBe(path.join(out, `every.${format}`));
      for (const f of files) {
        expect(fs.statSync(f.path).size).toBe(f.sizeBytes);
        expect(Buffer.from(f.base64 ?? '', 'base64').equals(fs.readFileSync(f.path))).toBe(true);
      }
    }
  });

  it('round-trips every per-case field through CSV and JSONL', async () => {
    const report = await fixture.services.reports.build({ runId: fixture.runId });
    expect(report.records).toHaveLength(12);
    const [csv] = await exportTo('csv', 'results.csv');
    const [jsonl] = await exportTo('jsonl', 'results.jsonl');
    const csvText = fs.readFileSync(csv?.path ?? '', 'utf8');
    expect(readCaseRecordsCsv(csvText)).toEqual(report.records);
    expect(readCaseRecordsJsonl(fs.readFileSync(jsonl?.path ?? '', 'utf8'))).toEqual(report.records);
    // A spreadsheet reads one row per result, the markup-laden text in one field, the duplicate scorer label in its own columns.
    const { records } = parseCsv(csvText);
    expect(records).toHaveLength(13);
    expect(records[0]?.fields).toEqual(expect.arrayContaining(['case_id', 'output', 'review_verdict', 'review_note', 'cached_from', 'contains.score', 'contains #2.explanation']));
    const records0 = report.records;
    // Everything the store holds is in the records, field for field.
    const stored = fixture.services.runs.runs.results(fixture.runId);
    for (const r of stored) {
      const record = records0.find((x) => x.modelKey === r.modelKey && x.caseId === r.caseId && x.repetition === r.repetition);
      expect(record).toMatchObject({ seed: r.seed, output: r.output, stopReason: r.stopReason, timings: r.timings, memory: r.memory, error: r.error, cachedFrom: r.cachedFrom, endpoint: r.endpoint, provenance: r.provenance, finishedAt: r.finishedAt });
    }
    expect(records0.find((r) => r.caseId === 'capital-fr' && r.model === 'Q4_0' && r.repetition === 0)).toMatchObject({ passed: false, review: { verdict: 'fail', tags: ['hallucination', 'geo|pipe'] } });
    expect(records0.find((r) => r.caseId === 'crashy' && r.model === 'Q4_0')).toMatchObject({ output: null, passed: null, error: { kind: 'crashed' } });
  });

  it('names the line and column of a CSV it cannot read back', () => {
    const header = 'run_id,model,model_key,case_id,repetition,seed,tags,output,stop_reason,time_to_first_token_ms,prompt_tokens,prompt_tokens_per_second,generated_tokens,generation_tokens_per_second,total_ms,peak_rss_bytes,rss_bytes,vram_used_bytes,error_kind,error_message,error_logs,cached_from,endpoint,provenance,finished_at,passed,automatic_passed,score,scorers,review_verdict,review_note,review_tags,review_updated_at';
    const row = 'r,M,m0:x,c1,one,0,[],out,eos,,,,,,,,,,,,,,,,2026,,,,[],,,,';
    expect(() => readCaseRecordsCsv(`${header}\r\n${row}\r\n`, 'mine.csv')).toThrow(/mine\.csv:2: column "repetition": expected a number, found "one"/);
    expect(() => readCaseRecordsCsv('a,b\r\n1,2\r\n', 'other.csv')).toThrow(/other\.csv:1: not an Evalbench results CSV/);
  });

  it('writes one HTML file with inline SVG charts, escaped text and no reference to anything outside it', async () => {
    const [file] = await exportTo('html', 'report.html', { title: 'Q8 vs Q4 <b>bold</b>', notes: `First paragraph ${TRICKY}\n\nSecond paragraph.` });
    const html = fs.readFileSync(file?.path ?? '', 'utf8');
    expect(html).not.toMatch(/\b(src|href|xlink:href|action)\s*=/i);
    // Only fragment references (`url(#clip)`) to elements inside the file.
    expect(html).not.toMatch(/url\((?!#)|@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!example\.com|127\.0\.0\.1)/);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<title>Q8 vs Q4 &lt;b&gt;bold&lt;/b&gt;</title>');
    expect(html.match(/<svg\b/g)?.length).toBeGreaterThanOrEqual(7);
    expect(html).toMatch(/data-chart="quality"[\s\S]*data-chart="failures"[\s\S]*data-chart="latency-ttft"[\s\S]*data-chart="memory"[\s\S]*data-chart="tags"/);
    const model = fixture.services.models.list().find((m) => m.path.endsWith('q8_0.gguf'));
    expect(html).toContain(model?.sha256 ?? 'no hash');
    // The reproducibility section gives the seeds of both repetitions, the mode and the environment.
    expect(html).toContain('7–8 (one per repetition)');
    expect(html).toContain('Test CPU 9000');
  });

  it('draws the charts the Compare page draws, failures by category among them, with axis names and units', async () => {
    const report = await fixture.services.reports.build({ runId: fixture.runId });
    const charts = drawReportCharts(report).charts;
    expect(charts.map((c) => c.id)).toEqual(['quality', 'failures', 'latency-ttft', 'latency-generation', 'memory', 'tradeoff-size', 'tradeoff-speed', 'tradeoff-memory']);
    const texts = (id: string): string[] => [...(charts.find((c) => c.id === id)?.svg ?? '').matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    expect(texts('quality')).toEqual(expect.arrayContaining(['Pass rate (%)', 'Model']));
    expect(texts('failures')).toEqual(expect.arrayContaining(['Failed cases (count)', 'Runtime error', 'Empty output', 'Wrong answer']));
    expect(texts('latency-ttft')).toContain('Time to first token (ms)');
    expect(texts('memory')).toEqual(expect.arrayContaining(['Memory (GiB)', 'Time into the run (s)']));
    expect(texts('tradeoff-size')).toContain('File size (KiB)');
    expect(texts('tradeoff-speed')).toContain('Generation speed, median (tokens/s)');
    // Q4_0 crashed on one case, cut off a wrong answer at the token limit, and gave an empty output the scorers failed.
    expect(charts.find((c) => c.id === 'failures')?.summary).toMatch(/^Q8_0: no failures\. Q4_0: 3 failed \(1 runtime error, 1 empty output, 1 stopped at token limit, 2 wrong answer\)/);
  });

  it('shows the failure cases the user chose: reviewed, all, none, or picked by id', async () => {
    const cases = async (failures: unknown) => (await fixture.services.reports.build({ runId: fixture.runId, failures: failures as { mode: 'all' } })).failures.map((f) => f.caseId);
    expect(await cases({ mode: 'reviewed' })).toEqual(['capital-fr', 'tricky']);
    expect(await cases({ mode: 'all' })).toEqual(['capital-fr', 'tricky', 'crashy']);
    expect(await cases({ mode: 'none' })).toEqual([]);
    expect(await cases({ mode: 'picked', caseIds: ['crashy', 'capital-fr'] })).toEqual(['crashy', 'capital-fr']);
    await expect(cases({ mode: 'picked', caseIds: ['nope'] })).rejects.toThrow(/no case "nope"/);
    const html = await fixture.services.reports.renderHtml({ runId: fixture.runId, failures: { mode: 'picked', caseIds: ['crashy'] }, sections: ['failures'] });
    expect(html).toContain('The worker for Q4_0 exited with signal SIGSEGV');
    expect(html).not.toContain('id="summary"');
    expect(html).not.toContain('<svg');
  });

  it('leaves out the sections the user unticked and refuses an unknown baseline', async () => {
    const html = await fixture.services.reports.renderHtml({ runId: fixture.runId, sections: ['summary', 'reproducibility'] });
    expect(html).toContain('id="summary"');
    expect(html).toContain('id="reproducibility"');
    expect(html).not.toContain('id="charts"');
    expect(html).not.toContain('id="failures"');
    await expect(fixture.services.reports.build({ runId: fixture.runId, baseline: 'Q2_K' })).rejects.toThrow(/No model "Q2_K" in run .*Pick one of|No model "Q2_K"/);
    expect((await fixture.services.reports.build({ runId: fixture.runId, baseline: 'Q4_0' })).summary.baseline).toBe('Q4_0');
  });

  it('writes Markdown with its tables and the SVG charts beside it, user text escaped', async () => {
    const files = await exportTo('md', 'paper.md', { notes: '# not a heading\n- not a list' });
    const md = fs.readFileSync(path.join(out, 'paper.md'), 'utf8');
    const svgs = files.filter((f) => f.fileName.endsWith('.svg'));
    expect(svgs.map((f) => f.fileName)).toEqual(expect.arrayContaining(['paper-quality.svg', 'paper-latency-ttft.svg', 'paper-tags.svg']));
    for (const f of svgs) {
      expect(md).toContain(`](${f.fileName})`);
      expect(fs.readFileSync(f.path, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    expect(md).toContain('\\# not a heading');
    expect(md).toContain('\\- not a list');
    expect(md).toMatch(/\| Model \| Pass rate \(95% CI\) \|/);
    expect(md).toContain('&lt;script&gt;');
    // Outputs sit in fences longer than any backtick run inside them.
    expect(md).toContain('````text\nThe answer is 42');
  });

  it('writes the whole run as JSON, enough to analyse or rerun it', async () => {
    const [file] = await exportTo('json', 'run.json');
    const json = JSON.parse(fs.readFileSync(file?.path ?? '', 'utf8')) as { format: string; results: unknown[]; cases: unknown[]; models: { sha256: string | null; metadata: unknown }[]; run: { params: { seed: number } }; telemetry: { samples: unknown[] } };
    expect(json.format).toBe('evalbench-run');
    expect(json.results).toHaveLength(12);
    expect(json.cases).toHaveLength(3);
    expect(json.models.every((m) => typeof m.sha256 === 'string' && m.metadata !== null)).toBe(true);
    expect(json.run.params.seed).toBe(7);
    expect(json.telemetry.samples).toHaveLength(5);
  });

  it('sends no bytes back for a file too large for the connection, which stays on disk', async () => {
    const summaries = { summary: (runId: string, baseline?: string) => callRouter<RunSummary>(fixture.services, 'runs.summary', { runId, ...(baseline === undefined ? {} : { baseline }) }) };
    const small = new ReportService({ runs: fixture.services.runs, summaries, reviews: new ReviewService(fixture.services.store, fixture.services.bus), models: fixture.services.models, reportsDir: out, pdf: () => Promise.reject(new Error('unused')), maxDownloadBytes: 2000 });
    const files = await small.export({ runId: fixture.runId }, 'md', path.join(out, 'big.md'));
    const report = files.find((f) => f.fileName === 'big.md');
    expect(report?.sizeBytes).toBeGreaterThan(2000);
    expect(report?.base64).toBeNull();
    expect(fs.statSync(report?.path ?? '').size).toBe(report?.sizeBytes);
  });

  it('shows the robustness figures when the run made perturbed variants', async () => {
    const report = await fixture.services.reports.build({ runId: fixture.runId });
    const figures: RobustnessFigures = {
      cases: 3,
      variants: 6,
      errors: 1,
      originalMeanScore: 0.9,
      variantMeanScore: 0.7,
      scoreDrop: { estimate: 0.2, lower: 0.1, upper: 0.3, confidence: 0.95, resamples: 10_000, seed: 1, n: 3 },
      answerConsistency: { agreeing: 4, compared: 6, share: 4 / 6, lower: 0.3, upper: 0.9 },
      passConsistency: null,
    };
    const robustness = { seed: 1, perturbations: ['typos'], variantsPerKind: 2, variantCases: 6, models: [{ modelKey: 'm0:x', label: 'Q8_0', overall: figures, byKind: [{ ...figures, kind: 'typos' }] }] };
    expect(renderHtml(report)).not.toContain('Robustness</h3>');
    const html = renderHtml({ ...report, summary: { ...report.summary, robustness } });
    expect(html).toContain('<h3>Robustness</h3>');
    expect(html).toContain('<td>typos</td><td>6 (1 errors)</td><td>0.200 (0.100 to 0.300)</td><td>4/6 = 66.7% (30.0%–90.0%)</td>');
  });

  it('answers the API with the HTML and the exported files, and a clear error for a missing run', async () => {
    const rendered = await callRouter<CallOutput<'reports.render'>>(fixture.services, 'reports.render', { runId: fixture.runId, title: 'Preview' });
    expect(rendered.html).toContain('<h1>Preview</h1>');
    const exported = await callRouter<CallOutput<'reports.export'>>(fixture.services, 'reports.export', { options: { runId: fixture.runId }, format: 'csv' });
    expect(exported.files[0]?.path.startsWith(path.join(fixture.home, 'reports'))).toBe(true);
    expect(exported.files[0]?.fileName).toMatch(/^tiny-quant-comparison-[0-9a-f]{8}\.csv$/);
    const missing = await fixture.services.router('reports.render', { runId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
