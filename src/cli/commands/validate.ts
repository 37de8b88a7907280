import { UserFacingError } from '../../shared/result';
import { summarizeTestSet, type TestSetOverview } from '../../shared/testset/summarizeTestSet';
import { formatDiagnostic } from '../../shared/testset/TestSetDiagnostic';
import type { TestSetLoadResult } from '../../shared/testset/TestSetLoadResult';
import { loadTestSetFile } from '../../main/services/testsets/loadTestSetFile';
import fs from 'node:fs';
import { UsageError, type Command } from '../command';
import { isRunFileText, looksLikeMultipleChoice, looksLikePromptfoo } from '../fileKinds';
import { validateRunFile } from '../validateRunFile';

/** What `--json` prints for one file. */
interface FileReport {
  file: string;
  /** What the file was checked as: a test set, a run file, or a promptfoo config (which needs `evalbench import`). */
  kind: 'test-set' | 'run-file' | 'promptfoo' | 'multiple-choice';
  ok: boolean;
  /** A run file's problems, each `file:line:column: message`. */
  problems?: string[];
  /** Set when the file could not be read at all. */
  error?: { message: string; hint?: string };
  errorCount: number;
  warningCount: number;
  diagnostics: TestSetLoadResult['diagnostics'];
  generatedIds: TestSetLoadResult['generatedIds'];
  summary: TestSetOverview | null;
}

const MAX_LISTED = 12;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(items: readonly { count: number }[], name: (i: number) => string): string {
  const shown = items.slice(0, MAX_LISTED).map((item, i) => `${name(i)} (${item.count})`);
  return items.length > MAX_LISTED ? `${shown.join(', ')}, +${items.length - MAX_LISTED} more` : shown.join(', ');
}

/** The human report: every diagnostic as `file:line:col: severity: message`, then a summary or the error count. */
export function formatValidation(result: TestSetLoadResult): string {
  const lines = result.diagnostics.map(formatDiagnostic);
  if (result.testSet === null) {
    lines.push(
      `${result.file}: ${plural(result.errorCount, 'error')}${result.warningCount > 0 ? `, ${plural(result.warningCount, 'warning')}` : ''}.`,
    );
    return `${lines.join('\n')}\n`;
  }
  const s = summarizeTestSet(result.testSet);
  lines.push(
    `${result.file}: valid. “${s.name}”, ${plural(s.caseCount, 'case')} (${s.chatCaseCount} as chat, ${s.casesWithExpected} with expected answers).`,
  );
  lines.push(
    `  Tags: ${s.tags.length === 0 ? 'none' : counts(s.tags, (i) => s.tags[i]?.tag ?? '')}${s.untaggedCount > 0 && s.tags.length > 0 ? `; untagged (${s.untaggedCount})` : ''}`,
  );
  lines.push(
    `  Scorers: ${s.scorers.length === 0 ? 'none' : counts(s.scorers, (i) => s.scorers[i]?.type ?? '')}${s.unscoredCount > 0 && s.scorers.length > 0 ? `; none (${s.unscoredCount})` : ''}`,
  );
  if (result.generatedIds.length > 0) {
    const listed = result.generatedIds.slice(0, 3).map((g) => `${g.id} (line ${g.line})`);
    lines.push(
      `  ${plural(result.generatedIds.length, 'case')} without an id got one from its content: ${listed.join(', ')}${result.generatedIds.length > 3 ? ', …' : ''}.`,
    );
    lines.push('  Write the ids into the file (the editor does it on save) so results stay attached to their cases when the text changes.');
  }
  if (result.warningCount > 0) lines.push(`  ${plural(result.warningCount, 'warning')} above.`);
  return `${lines.join('\n')}\n`;
}

/** One file’s report, and its human text (null when the file could not be read). */
async function validateFile(file: string): Promise<{ report: FileReport; text: string | null }> {
  const empty = { errorCount: 0, warningCount: 0, diagnostics: [], generatedIds: [], summary: null };
  let source: string | null = null;
  try {
    // Only YAML/JSON can be a run file or a promptfoo config, only JSONL multiple-choice items;
    // the loader reads and limits the rest.
    if (/\.(ya?ml|json|jsonl|ndjson)$/i.test(file) && fs.statSync(file).size < 1024 * 1024) source = fs.readFileSync(file, 'utf8');
  } catch {
    source = null; // the test-set loader below reports a file it cannot read, with its reason
  }
  if (source !== null && isRunFileText(file, source)) {
    const check = await validateRunFile(file, source);
    const text = check.ok
      ? `${check.overview ?? ''}\n`
      : `${check.problems.join('\n')}\n${file}: ${check.problems.length} error${check.problems.length === 1 ? '' : 's'}.\n`;
    return {
      report: { file, kind: 'run-file', ok: check.ok, problems: check.problems, ...empty, errorCount: check.problems.length },
      text,
    };
  }
  if (source !== null && looksLikePromptfoo(source)) {
    const message = `${file}: this is a promptfoo config, not an Evalbench test set. Import it: evalbench import ${file}`;
    return { report: { file, kind: 'promptfoo', ok: false, problems: [message], ...empty, errorCount: 1 }, text: `${message}\n` };
  }
  if (source !== null && looksLikeMultipleChoice(file, source)) {
    const message = `${file}: these are multiple-choice items for log-likelihood scoring, not an Evalbench test set. Import them as a test set (evalbench import ${file}), or score them at once: evalbench loglikelihood --set ${file} MODEL.gguf`;
    return { report: { file, kind: 'multiple-choice', ok: false, problems: [message], ...empty, errorCount: 1 }, text: `${message}\n` };
  }
  try {
    const result = await loadTestSetFile(file);
    const { diagnostics, generatedIds, errorCount, warningCount } = result;
    const summary = result.testSet === null ? null : summarizeTestSet(result.testSet);
    return {
      report: { file, kind: 'test-set', ok: result.testSet !== null, errorCount, warningCount, diagnostics, generatedIds, summary },
      text: formatValidation(result),
    };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    const problem = error.hint === undefined ? { message: error.message } : { message: error.message, hint: error.hint };
    return {
      report: {
        file,
        kind: 'test-set',
        ok: false,
        error: problem,
        errorCount: 1,
        warningCount: 0,
        diagnostics: [],
        generatedIds: [],
        summary: null,
      },
      text: null,
    };
  }
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check test set and run files: every problem with its line, or a summary of each.',
  usage: 'evalbench validate <file>... [--json]',
  positionals: [
    {
      name: 'file',
      description:
        'Test sets (.yaml, .yml, .json, .jsonl, or .csv, checked as imported) or run files (*.run.yaml: schema, test set, model files).',
    },
  ],
  options: {
    json: { type: 'boolean', description: 'Print the results as JSON (diagnostics, generated ids, summary) for scripts and editors.' },
  },
  async run(values, positionals, { stdout, stderr }) {
    if (positionals.length === 0) throw new UsageError('Name the test set file to validate.');
    const outcomes = [];
    for (const file of positionals) outcomes.push(await validateFile(file));
    const ok = outcomes.every((o) => o.report.ok);
    if (values.json === true) {
      stdout.write(`${JSON.stringify({ ok, files: outcomes.map((o) => o.report) }, null, 2)}\n`);
      return ok ? 0 : 1;
    }
    for (const { report, text } of outcomes) {
      if (text !== null) stdout.write(text);
      else if (report.error !== undefined)
        stderr.write(`evalbench validate: ${report.error.message}${report.error.hint === undefined ? '' : ` ${report.error.hint}`}\n`);
    }
    return ok ? 0 : 1;
  },
};
