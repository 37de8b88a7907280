import { CaseError, CaseScore } from '../../../shared/runs';
import { GenerationTimings, StopReason, WorkerMemory } from '../../../shared/engine';
import { ReviewVerdict } from '../../../shared/api';
import { FigureProvenance } from '../../../shared/remoteModel';
import { LoglikelihoodResult } from '../../../shared/loglikelihood';
import { parseCsv, writeCsv } from '../testsets/csv';
import type { CaseRecord } from './Report';

/**
 * Per-case results as CSV, one row per model × case × repetition. Empty fields are null (no
 * timings, no memory, no error, no review); lists and scorer details are JSON inside their field.
 * Each scorer gets a group of columns `<label>.score`, `.raw`, `.passed`, … (a label used twice
 * by one case becomes `<label> #2`); `scorers` lists a row's scorers in their order.
 */
const FIXED = [
  'run_id',
  'model',
  'model_key',
  'case_id',
  'variant_of',
  'perturbation',
  'repetition',
  'seed',
  'tags',
  'output',
  'stop_reason',
  'time_to_first_token_ms',
  'prompt_tokens',
  'prompt_tokens_per_second',
  'generated_tokens',
  'generation_tokens_per_second',
  'llama_cpp_decode_tokens_per_second',
  'total_ms',
  'peak_rss_bytes',
  'rss_bytes',
  'vram_used_bytes',
  'error_kind',
  'error_message',
  'error_logs',
  'cached_from',
  'endpoint',
  'provenance',
  'finished_at',
  'loglikelihood',
  'passed',
  'automatic_passed',
  'score',
  'scorers',
  'review_verdict',
  'review_note',
  'review_tags',
  'review_updated_at',
] as const;

/** Columns newer than the first exports: a CSV written before them reads back with them empty. */
const ADDED_LATER: ReadonlySet<string> = new Set(['variant_of', 'perturbation', 'loglikelihood', 'llama_cpp_decode_tokens_per_second']);

const SCORE_FIELDS = ['type', 'weight', 'score', 'raw', 'passed', 'explanation', 'details', 'error'] as const;

/** The scorer column group names of one record, in its scorers' order. */
function slotNames(scores: readonly CaseScore[]): string[] {
  const seen = new Map<string, number>();
  return scores.map((s) => {
    const n = (seen.get(s.label) ?? 0) + 1;
    seen.set(s.label, n);
    return n === 1 ? s.label : `${s.label} #${n}`;
  });
}

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const bool = (v: boolean | null): string => (v === null ? '' : String(v));

export function writeCaseRecordsCsv(records: readonly CaseRecord[]): string {
  const slots: string[] = [];
  for (const r of records) for (const s of slotNames(r.scores)) if (!slots.includes(s)) slots.push(s);
  const header = [...FIXED, ...slots.flatMap((s) => SCORE_FIELDS.map((f) => `${s}.${f}`))];
  const rows = records.map((r) => {
    const t = r.timings;
    const m = r.memory;
    const fixed: Record<(typeof FIXED)[number], string> = {
      run_id: r.runId,
      model: r.model,
      model_key: r.modelKey,
      case_id: r.caseId,
      variant_of: r.variantOf ?? '',
      perturbation: r.perturbation ?? '',
      repetition: String(r.repetition),
      seed: String(r.seed),
      tags: JSON.stringify(r.tags),
      output: r.output ?? '',
      stop_reason: r.stopReason ?? '',
      time_to_first_token_ms: num(t?.timeToFirstTokenMs),
      prompt_tokens: num(t?.promptTokens),
      prompt_tokens_per_second: num(t?.promptTokensPerSecond),
      generated_tokens: num(t?.generatedTokens),
      generation_tokens_per_second: num(t?.generationTokensPerSecond),
      llama_cpp_decode_tokens_per_second: num(t?.llamaCppDecodeTokensPerSecond),
      total_ms: num(t?.totalMs),
      peak_rss_bytes: num(m?.peakRssBytes),
      rss_bytes: num(m?.rssBytes),
      vram_used_bytes: num(m?.vramUsedBytes),
      error_kind: r.error?.kind ?? '',
      error_message: r.error?.message ?? '',
      error_logs: r.error === null ? '' : JSON.stringify(r.error.logs),
      cached_from: r.cachedFrom ?? '',
      endpoint: r.endpoint ?? '',
      provenance: r.provenance === null ? '' : JSON.stringify(r.provenance),
      finished_at: r.finishedAt,
      loglikelihood: r.loglikelihood == null ? '' : JSON.stringify(r.loglikelihood),
      passed: bool(r.passed),
      automatic_passed: bool(r.automaticPassed),
      score: num(r.score),
      scorers: JSON.stringify(slotNames(r.scores)),
      review_verdict: r.review?.verdict ?? '',
      review_note: r.review?.note ?? '',
      review_tags: r.review === null ? '' : JSON.stringify(r.review.tags),
      review_updated_at: r.review?.updatedAt ?? '',
    };
    const bySlot = new Map(slotNames(r.scores).map((name, i) => [name, r.scores[i]]));
    const scoreFields = slots.flatMap((slot) => {
      const s = bySlot.get(slot);
      if (s === undefined) return SCORE_FIELDS.map(() => '');
      return [
        s.type,
        String(s.weight),
        num(s.score),
        num(s.rawScore),
        bool(s.passed),
        s.explanation,
        s.details === null ? '' : JSON.stringify(s.details),
        s.error ?? '',
      ];
    });
    return [...FIXED.map((c) => fixed[c]), ...scoreFields];
  });
  return writeCsv([header, ...rows]);
}

/** A CSV field that cannot be read back, named by line and column. */
export class CaseRecordsCsvError extends Error {
  override name = 'CaseRecordsCsvError';
}

/** Reads per-case results written by `writeCaseRecordsCsv` back into records, naming the line of anything malformed. */
export function readCaseRecordsCsv(text: string, file = 'results.csv'): CaseRecord[] {
  const { records, errors } = parseCsv(text);
  const firstError = errors[0];
  if (firstError !== undefined) throw new CaseRecordsCsvError(`${file}:${firstError.line}:${firstError.column}: ${firstError.message}`);
  const [header, ...rows] = records;
  if (header === undefined) return [];
  const missing = FIXED.filter((c) => !header.fields.includes(c) && !ADDED_LATER.has(c));
  if (missing.length > 0)
    throw new CaseRecordsCsvError(`${file}:1: not an Evalbench results CSV: no column ${missing.map((m) => `"${m}"`).join(', ')}.`);
  const index = new Map(header.fields.map((name, i) => [name, i]));
  return rows.map((row) => {
    const at = (column: string): string => row.fields[index.get(column) ?? -1] ?? '';
    const fail = (column: string, what: string): never => {
      throw new CaseRecordsCsvError(`${file}:${row.line}: column "${column}": ${what}, found "${at(column).slice(0, 40)}".`);
    };
    const number = (column: string): number | null => {
      const v = at(column);
      if (v === '') return null;
      const n = Number(v);
      return Number.isFinite(n) ? n : fail(column, 'expected a number');
    };
    const required = (column: string): number => number(column) ?? fail(column, 'expected a number');
    const boolean = (column: string): boolean | null => {
      const v = at(column);
      return v === '' ? null : v === 'true' ? true : v === 'false' ? false : fail(column, 'expected true or false');
    };
    const json = (column: string): unknown => {
      try {
        return JSON.parse(at(column)) as unknown;
      } catch {
        return fail(column, 'expected JSON');
      }
    };
    const strings = (column: string): string[] => {
      const v = json(column);
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fail(column, 'expected a JSON list of texts');
    };
    const parsed = <T>(
      column: string,
      schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
      value: unknown,
    ): T => {
      const result = schema.safeParse(value);
      return result.success ? result.data : fail(column, 'not a valid value');
    };
    const errorKind = at('error_kind');
    const scores = strings('scorers').map((slot) => {
      const f = (field: string): string => `${slot}.${field}`;
      if (!index.has(f('type'))) fail('scorers', `no columns for scorer "${slot}"`);
      return parsed(f('type'), CaseScore, {
        label: slot.replace(/ #\d+$/, ''),
        type: at(f('type')),
        weight: required(f('weight')),
        score: number(f('score')),
        rawScore: number(f('raw')),
        passed: boolean(f('passed')),
        explanation: at(f('explanation')),
        details: at(f('details')) === '' ? null : json(f('details')),
        error: at(f('error')) === '' ? null : at(f('error')),
      });
    });
    return {
      runId: at('run_id'),
      model: at('model'),
      modelKey: at('model_key'),
      caseId: at('case_id'),
      variantOf: at('variant_of') === '' ? null : at('variant_of'),
      perturbation: at('perturbation') === '' ? null : at('perturbation'),
      repetition: required('repetition'),
      seed: required('seed'),
      tags: strings('tags'),
      // A result has no output exactly when the harness could not run it.
      output: errorKind !== '' && at('output') === '' ? null : at('output'),
      stopReason: at('stop_reason') === '' ? null : parsed('stop_reason', StopReason, at('stop_reason')),
      timings:
        at('prompt_tokens') === ''
          ? null
          : parsed('prompt_tokens', GenerationTimings, {
              timeToFirstTokenMs: number('time_to_first_token_ms'),
              promptTokens: number('prompt_tokens'),
              promptTokensPerSecond: number('prompt_tokens_per_second'),
              generatedTokens: number('generated_tokens'),
              generationTokensPerSecond: number('generation_tokens_per_second'),
              llamaCppDecodeTokensPerSecond: number('llama_cpp_decode_tokens_per_second') ?? undefined,
              totalMs: number('total_ms'),
            }),
      memory:
        at('peak_rss_bytes') === ''
          ? null
          : parsed('peak_rss_bytes', WorkerMemory, {
              peakRssBytes: number('peak_rss_bytes'),
              rssBytes: number('rss_bytes'),
              vramUsedBytes: number('vram_used_bytes'),
            }),
      error:
        errorKind === ''
          ? null
          : parsed('error_kind', CaseError, { kind: errorKind, message: at('error_message'), logs: strings('error_logs') }),
      cachedFrom: at('cached_from') === '' ? null : at('cached_from'),
      endpoint: at('endpoint') === '' ? null : at('endpoint'),
      provenance: at('provenance') === '' ? null : parsed('provenance', FigureProvenance, json('provenance')),
      finishedAt: at('finished_at'),
      loglikelihood: at('loglikelihood') === '' ? null : parsed('loglikelihood', LoglikelihoodResult, json('loglikelihood')),
      passed: boolean('passed'),
      automaticPassed: boolean('automatic_passed'),
      score: number('score'),
      scores,
      review:
        at('review_updated_at') === ''
          ? null
          : {
              verdict: at('review_verdict') === '' ? null : parsed('review_verdict', ReviewVerdict, at('review_verdict')),
              note: at('review_note'),
              tags: strings('review_tags'),
              updatedAt: at('review_updated_at'),
            },
    };
  });
}
