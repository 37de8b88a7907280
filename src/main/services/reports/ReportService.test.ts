import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOutput } from '../../../shared/api';
import type { ReportFormat } from '../../../shared/reports';
import { RunFile } from '../../../shared/runFile';
import { parse as parseYaml } from 'yaml';
import type { RobustnessFigures, RunSummary } from '../../../shared/runSummary';
import { callRouter } from '../testing/callRouter';
import { parseCsv, writeCsv } from '../testsets/csv';
import { readCaseRecordsCsv, writeCaseRecordsCsv } from './caseRecordsCsv';
import { caseRecords } from './buildReport';
import { readCaseRecordsJsonl } from './caseRecordsJsonl';
import { drawReportCharts, renderHtml } from './renderHtml';
import { rerunFile } from './reportTables';
import { ReportService } from './ReportService';
import { ReviewService } from '../review/ReviewService';
import { makeReportFixture, REMOTE_ENDPOINTS, REMOTE_KEY, REMOTE_KEY_ENV, TRICKY, type ReportFixture } from './testing/makeReportFixture';
import { optionalFields } from '../../../shared/optionalFields';

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

const exportTo = (format: ReportFormat, file: string, options: Record<string, unknown> = {}) =>
  fixture.services.reports.export({ runId: fixture.runId, ...options }, format, path.join(out, file));

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
    expect(report.records).toHaveLength(18);
    const [csv] = await exportTo('csv', 'results.csv');
    const [jsonl] = await exportTo('jsonl', 'results.jsonl');
    const csvText = fs.readFileSync(csv?.path ?? '', 'utf8');
    expect(readCaseRecordsCsv(csvText)).toEqual(report.records);
    expect(readCaseRecordsJsonl(fs.readFileSync(jsonl?.path ?? '', 'utf8'))).toEqual(report.records);
    // A spreadsheet reads one row per result, the markup-laden text in one field, the duplicate scorer label in its own columns.
    const { records } = parseCsv(csvText);
    expect(records).toHaveLength(19);
    expect(records[0]?.fields).toEqual(
      expect.arrayContaining([
        'case_id',
        'output',
        'review_verdict',
        'review_note',
        'cached_from',
        'contains.score',
        'contains #2.explanation',
      ]),
    );
    const records0 = report.records;
    // Everything the store holds is in the records, field for field.
    const stored = fixture.services.runs.runs.results(fixture.runId);
    for (const r of stored) {
      const record = records0.find((x) => x.modelKey === r.modelKey && x.caseId === r.caseId && x.repetition === r.repetition);
      expect(record).toMatchObject({
        seed: r.seed,
        output: r.output,
        stopReason: r.stopReason,
        timings: r.timings,
        memory: r.memory,
        error: r.error,
        cachedFrom: r.cachedFrom,
        endpoint: r.endpoint,
        provenance: r.provenance,
        finishedAt: r.finishedAt,
      });
    }
    expect(records0.find((r) => r.caseId === 'capital-fr' && r.model === 'Q4_0' && r.repetition === 0)).toMatchObject({
      passed: false,
      review: { verdict: 'fail', tags: ['hallucination', 'geo|pipe'] },
    });
    expect(records0.find((r) => r.caseId === 'crashy' && r.model === 'Q4_0')).toMatchObject({
      output: null,
      passed: null,
      error: { kind: 'crashed' },
    });
  });

  it('says which records are robustness variants, of which case and how, and keeps that through CSV', async () => {
    const report = await fixture.services.reports.build({ runId: fixture.runId });
    expect(report.records.every((r) => r.variantOf === null && r.perturbation === null)).toBe(true);
    const run = fixture.services.runs.runs.get(fixture.runId);
    const [first, second] = run.cases;
    if (first === undefined || second === undefined) throw new Error('the fixture run needs two cases');
    const withVariant = {
      ...run,
      cases: [first, { ...second, variantOf: first.id, perturbation: 'typos' as const }, ...run.cases.slice(2)],
    };
    const records = caseRecords({
      run: withVariant,
      results: fixture.services.runs.runs.results(fixture.runId),
      scores: fixture.services.runs.runs.scores(fixture.runId),
      labels: [],
      summary: report.summary,
    });
    const variants = records.filter((r) => r.caseId === second.id);
    expect(variants.length).toBeGreaterThan(0);
    expect(variants.every((r) => r.variantOf === first.id && r.perturbation === 'typos')).toBe(true);
    expect(readCaseRecordsCsv(writeCaseRecordsCsv(records))).toEqual(records);
  });

  it('keeps llama.cpp’s own decode rate through CSV, and reads a CSV written before it', async () => {
    const { records } = await fixture.services.reports.build({ runId: fixture.runId });
    expect(records.filter((r) => r.timings?.llamaCppDecodeTokensPerSecond !== undefined).length).toBeGreaterThan(0);
    const csv = writeCaseRecordsCsv(records);
    expect(readCaseRecordsCsv(csv)).toEqual(records);
    // An export from before the column reads back with the rate absent.
    const rows = parseCsv(csv).records.map((r) => r.fields);
    const column = rows[0]?.indexOf('llama_cpp_decode_tokens_per_second') ?? -1;
    expect(column).toBeGreaterThan(0);
    const older = writeCsv(rows.map((fields) => fields.filter((_, i) => i !== column)));
    const withoutRate = records.map((r) => {
      if (r.timings === null) return r;
      const { llamaCppDecodeTokensPerSecond: _dropped, ...timings } = r.timings;
      return { ...r, timings };
    });
    expect(readCaseRecordsCsv(older)).toEqual(withoutRate);
  });

  it('names the line and column of a CSV it cannot read back', () => {
    const header =
      'run_id,model,model_key,case_id,repetition,seed,tags,output,stop_reason,time_to_first_token_ms,prompt_tokens,prompt_tokens_per_second,generated_tokens,generation_tokens_per_second,total_ms,peak_rss_bytes,rss_bytes,vram_used_bytes,error_kind,error_message,error_logs,cached_from,endpoint,provenance,finished_at,passed,automatic_passed,score,scorers,review_verdict,review_note,review_tags,review_updated_at';
    const row = 'r,M,m0:x,c1,one,0,[],out,eos,,,,,,,,,,,,,,,,2026,,,,[],,,,';
    expect(() => readCaseRecordsCsv(`${header}\r\n${row}\r\n`, 'mine.csv')).toThrow(
      /mine\.csv:2: column "repetition": expected a number, found "one"/,
    );
    expect(() => readCaseRecordsCsv('a,b\r\n1,2\r\n', 'other.csv')).toThrow(/other\.csv:1: not an Evalbench results CSV/);
  });

  it('writes one HTML file with inline SVG charts, escaped text and no reference to anything outside it', async () => {
    const [file] = await exportTo('html', 'report.html', {
      title: 'Q8 vs Q4 <b>bold</b>',
      notes: `First paragraph ${TRICKY}\n\nSecond paragraph.`,
    });
    const html = fs.readFileSync(file?.path ?? '', 'utf8');
    expect(html).not.toMatch(/\b(src|href|xlink:href|action)\s*=/i);
    // Only fragment references (`url(#clip)`) to elements inside the file.
    expect(html).not.toMatch(/url\((?!#)|@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!example\.com|127\.0\.0\.1)/);
    expect(html).not.toContain('<script');
    // No hover styles from ECharts' interactivity (a visual map's printed `fill:[object Object]`).
    expect(html).not.toMatch(/:hover|\[object Object\]/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<title>Q8 vs Q4 &lt;b&gt;bold&lt;/b&gt;</title>');
    expect(html.match(/<svg\b/g)?.length).toBeGreaterThanOrEqual(7);
    expect(html).toMatch(
      /data-chart="quality"[\s\S]*data-chart="failures"[\s\S]*data-chart="latency-ttft"[\s\S]*data-chart="memory"[\s\S]*data-chart="tags"/,
    );
    const model = fixture.services.models.list().find((m) => m.path.endsWith('q8_0.gguf'));
    expect(html).toContain(model?.sha256 ?? 'no hash');
    // The reproducibility section gives the seeds of both repetitions, the mode and the environment.
    expect(html).toContain('7–8 (one per repetition)');
    expect(html).toContain('Test CPU 9000');
  });

  it('draws the charts the Compare page draws, failures by category among them, with axis names and units', async () => {
    const report = await fixture.services.reports.build({ runId: fixture.runId });
    const charts = drawReportCharts(report).charts;
    expect(charts.map((c) => c.id)).toEqual([
      'quality',
      'failures',
      'latency-ttft',
      'latency-generation',
      'memory',
      'tradeoff-size',
      'tradeoff-speed',
      'tradeoff-memory',
    ]);
    const texts = (id: string): string[] =>
      [...(charts.find((c) => c.id === id)?.svg ?? '').matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    expect(texts('quality')).toEqual(expect.arrayContaining(['Pass rate (%)', 'Model']));
    expect(texts('failures')).toEqual(expect.arrayContaining(['Failed cases (count)', 'Runtime error', 'Empty output', 'Wrong answer']));
    expect(texts('latency-ttft')).toContain('Time to first token (ms)');
    expect(texts('memory')).toEqual(expect.arrayContaining(['Memory (GiB)', 'Time into the run (s)']));
    expect(texts('tradeoff-size')).toContain('File size (KiB)');
    expect(texts('tradeoff-speed')).toContain('Generation speed, median (tokens/s)');
    // Q4_0 crashed on one case, cut off a wrong answer at the token limit, and gave an empty output the scorers failed.
    expect(charts.find((c) => c.id === 'failures')?.summary).toMatch(
      /^Q8_0: no failures\. Q4_0: 3 failed \(1 runtime error, 1 empty output, 1 stopped at token limit, 2 wrong answer\)/,
    );
  });

  it('shows the failure cases the user chose: reviewed, all, none, or picked by id', async () => {
    const cases = async (failures: unknown) =>
      (await fixture.services.reports.build({ runId: fixture.runId, failures: failures as { mode: 'all' } })).failures.map((f) => f.caseId);
    expect(await cases({ mode: 'reviewed' })).toEqual(['capital-fr', 'tricky']);
    expect(await cases({ mode: 'all' })).toEqual(['capital-fr', 'tricky', 'crashy']);
    expect(await cases({ mode: 'none' })).toEqual([]);
    expect(await cases({ mode: 'picked', caseIds: ['crashy', 'capital-fr'] })).toEqual(['crashy', 'capital-fr']);
    await expect(cases({ mode: 'picked', caseIds: ['nope'] })).rejects.toThrow(/no case "nope"/);
    const html = await fixture.services.reports.renderHtml({
      runId: fixture.runId,
      failures: { mode: 'picked', caseIds: ['crashy'] },
      sections: ['failures'],
    });
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
    await expect(fixture.services.reports.build({ runId: fixture.runId, baseline: 'Q2_K' })).rejects.toThrow(
      /No model "Q2_K" in run .*Pick one of|No model "Q2_K"/,
    );
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

  it('gives each timing median its IQR and n, says the machine was busy, and shows what auto threads tried', async () => {
    await exportTo('md', 'timing.md');
    const md = fs.readFileSync(path.join(out, 'timing.md'), 'utf8');
    // Q8_0's measured TTFTs: 20, 21 (capital-fr), 25 (tricky, rep 0; rep 1 is cached), 22, 22 (crashy).
    expect(md).toContain('22 (IQR 1, n=5) / 24 ms');
    expect(md).toContain('Timing figures measured on a busy machine: other processes used 1.3 of 2 cores');
    expect(md).toContain('1.25 cores at the start, mean 0.80, peak 1.90 of 2 (12 samples): timings measured on a busy machine');
    expect(md).toContain("1 thread (auto: tried 1 (812.5 tok/s), 2 (3.3 tok/s); kept 1, 790.0 tok/s on the run's context)");
  });

  it('writes the whole run as JSON, enough to analyse or rerun it', async () => {
    const [file] = await exportTo('json', 'run.json');
    const json = JSON.parse(fs.readFileSync(file?.path ?? '', 'utf8')) as {
      format: string;
      results: unknown[];
      cases: unknown[];
      models: { sha256: string | null; metadata: unknown; remote: unknown }[];
      run: { params: { seed: number } };
      telemetry: { samples: unknown[] };
      fidelity: unknown[];
      summary: RunSummary;
    };
    expect(json.format).toBe('evalbench-run');
    expect(json.results).toHaveLength(18);
    expect(json.cases).toHaveLength(3);
    expect(json.models.map((m) => typeof m.sha256 === 'string' && m.metadata !== null)).toEqual([true, true, false]);
    expect(json.models[2]?.remote).toMatchObject({ endpoints: [{ apiKeyEnv: REMOTE_KEY_ENV }, { dialect: 'llama-server' }] });
    // Fidelity and the per-endpoint figures travel with the run.
    expect(json.fidelity).toHaveLength(1);
    expect(json.fidelity[0]).toMatchObject({
      label: 'Q4_0',
      referenceLabel: 'Q8_0',
      text: { kind: 'expected' },
      report: { meanKld: { value: 0.04567, uncertainty: 0.00321 } },
    });
    expect(json.summary.models[2]?.endpoints?.map((e) => [e.endpoint, e.results, e.errors, e.down])).toEqual([
      [REMOTE_ENDPOINTS[0], 4, 0, null],
      [REMOTE_ENDPOINTS[1], 2, 1, 'died mid-run: connection refused'],
    ]);
    expect(json.run.params.seed).toBe(7);
    expect(json.telemetry.samples).toHaveLength(5);
  });

  it('sends no bytes back for a file too large for the connection, which stays on disk', async () => {
    const summaries = {
      summary: (runId: string, baseline?: string) =>
        callRouter<RunSummary>(fixture.services, 'runs.summary', { runId, ...optionalFields({ baseline }) }),
    };
    const small = new ReportService({
      runs: fixture.services.runs,
      summaries,
      fidelity: fixture.services.fidelity,
      reviews: new ReviewService(fixture.services.store, fixture.services.bus),
      models: fixture.services.models,
      reportsDir: out,
      pdf: () => Promise.reject(new Error('unused')),
      maxDownloadBytes: 2000,
    });
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
    const robustness = {
      seed: 1,
      perturbations: ['typos'],
      variantsPerKind: 2,
      variantCases: 6,
      models: [{ modelKey: 'm0:x', label: 'Q8_0', overall: figures, byKind: [{ ...figures, kind: 'typos' }] }],
    };
    expect(renderHtml(report)).not.toContain('Robustness</h3>');
    const html = renderHtml({ ...report, summary: { ...report.summary, robustness } });
    expect(html).toContain('<h3>Robustness</h3>');
    expect(html).toContain('<td>typos</td><td>6 (1 errors)</td><td>0.200 (0.100 to 0.300)</td><td>4/6 = 66.7% (30.0%–90.0%)</td>');
  });

  it('shows the quantisation fidelity, table and chart, in HTML and Markdown when it was measured and chosen', async () => {
    const html = await fixture.services.reports.renderHtml({ runId: fixture.runId });
    expect(html).toMatch(/id="charts"[\s\S]*<h2 id="fidelity-title">Quantisation fidelity<\/h2>[\s\S]*id="tags"/);
    expect(html).toContain(
      '<caption>Against Q8_0 (perplexity 18.432 ± 1.234) on the test set’s expected answers: 3 chunks of 64 tokens (192 tokens',
    );
    expect(html).toContain(
      '<tr><th scope="row">Q4_0</th><td>Q8_0</td><td>the test set’s expected answers</td><td>19.877 ± 1.346</td><td>0.0457 ± 0.00321</td><td>0.0123 / 0.4321 / 0.8765</td><td>91.67 ± 2.82 %</td><td>7.89 ± 0.43 %</td></tr>',
    );
    const chart = /<figure data-chart="fidelity">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? '';
    expect(chart).toContain('<svg role="img" aria-label="Quantisation fidelity"');
    // The reference's label wraps onto a second line rather than being cut short.
    for (const text of ['KL divergence (nats; bar mean, whisker p99)', 'Perplexity (lower is better)', 'Q4_0', '(reference)'])
      expect(chart).toContain(`>${text}</text>`);
    expect(chart).not.toMatch(/\.\.\.<\/text>/);
    expect(chart).toContain('Q4_0: mean KL divergence 0.0457, p99 0.4321, perplexity 19.877 ± 1.346, same top token 91.7%.');

    const files = await exportTo('md', 'fidelity.md', { sections: ['fidelity'] });
    const md = fs.readFileSync(path.join(out, 'fidelity.md'), 'utf8');
    expect(files.map((f) => f.fileName)).toEqual(['fidelity.md', 'fidelity-fidelity.svg']);
    expect(md).toContain('## Quantisation fidelity\n\n![Quantisation fidelity](fidelity-fidelity.svg)');
    expect(md).toContain(
      '| Q4\\_0 | Q8\\_0 | the test set’s expected answers | 19.877 ± 1.346 | 0.0457 ± 0.00321 | 0.0123 / 0.4321 / 0.8765 | 91.67 ± 2.82 % | 7.89 ± 0.43 % |',
    );
    expect(md).not.toContain('## Summary per model');

    expect(await fixture.services.reports.renderHtml({ runId: fixture.runId, sections: ['summary'] })).not.toContain(
      'Quantisation fidelity',
    );
    // A run whose fidelity was never measured has no such section, even when it is chosen.
    const summaries = { summary: (runId: string) => callRouter<RunSummary>(fixture.services, 'runs.summary', { runId }) };
    const unmeasured = new ReportService({
      runs: fixture.services.runs,
      summaries,
      fidelity: { get: () => ({ models: [] }) },
      reviews: new ReviewService(fixture.services.store, fixture.services.bus),
      models: fixture.services.models,
      reportsDir: out,
      pdf: () => Promise.reject(new Error('unused')),
    });
    const report = await unmeasured.build({ runId: fixture.runId });
    expect(report.sections).toEqual(['summary', 'charts', 'tags', 'failures', 'reproducibility']);
    expect(renderHtml(report)).not.toContain('data-chart="fidelity"');
  });

  it('shows what each remote endpoint answered and delivered in the summary, in HTML and Markdown', async () => {
    const html = await fixture.services.reports.renderHtml({ runId: fixture.runId, sections: ['summary'] });
    const endpoints = /<h3>Remote endpoints<\/h3>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(endpoints).toContain(
      '<th scope="col">Endpoint</th><th scope="col">Answered</th><th scope="col">Errors</th><th scope="col">Tokens generated</th><th scope="col">Wall time</th><th scope="col">Tokens/s</th>',
    );
    // Endpoint A: four answers of 9 tokens, a second each, between 12:00:01 and 12:00:07.
    expect(endpoints).toContain(
      `<tr><th scope="row">Remote Q8_0</th><td>${REMOTE_ENDPOINTS[0]}</td><td>4</td><td>0</td><td>36</td><td>6.0 s</td><td>6.0</td><td>92.5 (n=4)</td><td>no</td></tr>`,
    );
    expect(endpoints).toContain(
      `<td>${REMOTE_ENDPOINTS[1]}</td><td>1</td><td>1</td><td>9</td><td>1.0 s</td><td>9.0</td><td>45.0 (n=1)</td><td>yes: died mid-run: connection refused</td></tr>`,
    );
    // Local models have no endpoints to list.
    expect(endpoints).not.toMatch(/<th scope="row">Q(8|4)_0<\/th>/);
    await exportTo('md', 'endpoints.md', { sections: ['summary'] });
    const md = fs.readFileSync(path.join(out, 'endpoints.md'), 'utf8');
    expect(md).toContain(`### Remote endpoints\n\n*Remote endpoints per model.`);
    expect(md).toContain(
      `| Remote Q8\\_0 | ${REMOTE_ENDPOINTS[1]} | 1 | 1 | 9 | 1.0 s | 9.0 | 45.0 (n=1) | yes: died mid-run: connection refused |`,
    );
  });

  it('never writes the API key a remote endpoint reads from its environment into any export; the rerun file names the variable', async () => {
    vi.stubEnv(REMOTE_KEY_ENV, REMOTE_KEY);
    try {
      const texts: string[] = [];
      for (const format of ['html', 'md', 'pdf', 'csv', 'jsonl', 'json'] as const) {
        for (const f of await exportTo(format, `keyless.${format}`, { failures: { mode: 'all' } }))
          texts.push(fs.readFileSync(f.path, 'latin1'));
      }
      expect(texts).toHaveLength(6 + 10);
      for (const text of texts) expect(text).not.toContain(REMOTE_KEY);
      const report = await fixture.services.reports.build({ runId: fixture.runId });
      const rerun = parseYaml(rerunFile(report)) as unknown;
      const parsed = RunFile.safeParse(rerun);
      expect(parsed.success).toBe(true);
      expect(parsed.data?.models[2]).toEqual({
        label: 'Remote Q8_0',
        api: 'auto',
        endpoints: [
          expect.objectContaining({ baseUrl: `${REMOTE_ENDPOINTS[0]}/`, apiKeyEnv: REMOTE_KEY_ENV }),
          expect.objectContaining({ baseUrl: REMOTE_ENDPOINTS[1] }),
        ],
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('answers the API with the HTML and the exported files, and a clear error for a missing run', async () => {
    const rendered = await callRouter<CallOutput<'reports.render'>>(fixture.services, 'reports.render', {
      runId: fixture.runId,
      title: 'Preview',
    });
    expect(rendered.html).toContain('<h1>Preview</h1>');
    const exported = await callRouter<CallOutput<'reports.export'>>(fixture.services, 'reports.export', {
      options: { runId: fixture.runId },
      format: 'csv',
    });
    expect(exported.files[0]?.path.startsWith(path.join(fixture.home, 'reports'))).toBe(true);
    expect(exported.files[0]?.fileName).toMatch(/^tiny-quant-comparison-[0-9a-f]{8}\.csv$/);
    const missing = await fixture.services.router('reports.render', { runId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
