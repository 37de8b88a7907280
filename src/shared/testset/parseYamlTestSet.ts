import { parseDocument, type YAMLError } from 'yaml';
import { LineIndex } from './SourceLocator';
import type { ExpressionSyntaxCheck } from './checkCaseScorers';
import type { TestSetDiagnostic } from './TestSetDiagnostic';
import type { TestSetLoadResult } from './TestSetLoadResult';
import { MAX_NESTING, MAX_YAML_EXPANDED } from './testSetLimits';
import { validateTestSetSource } from './validateTestSetSource';
import { checkYamlExpansion } from './yamlExpansion';
import { yamlLocator } from './yamlLocator';
import { yamlSyntaxIssue } from './yamlSyntaxIssue';
import { yamlTooDeep } from './yamlTooDeep';

function failed(file: string, diagnostics: TestSetDiagnostic[]): TestSetLoadResult {
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  return { file, format: 'yaml', testSet: null, diagnostics, generatedIds: [], errorCount, warningCount: diagnostics.length - errorCount };
}

/**
 * Reads a YAML test set (JSON is YAML too). Syntax errors come back with their positions and stop
 * there; otherwise every schema and cross-field problem is reported, each at its node.
 */
export function parseYamlTestSet(text: string, file: string, options: { checkExpression?: ExpressionSyntaxCheck } = {}): TestSetLoadResult {
  const lines = new LineIndex(text);
  const tooDeep = (offset: number): TestSetLoadResult => {
    const { offset: _offset, ...range } = lines.range(offset, offset + 1);
    return failed(file, [
      {
        severity: 'error',
        code: 'syntax',
        path: [],
        file,
        ...range,
        message: `The values here nest more than ${MAX_NESTING} levels deep.`,
        hint: 'A case holds text, messages and a few fields; flatten the data, or keep it out of the test set.',
      },
    ]);
  };
  const deepAt = yamlTooDeep(text, MAX_NESTING);
  if (deepAt !== null) return tooDeep(deepAt);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const place = (e: YAMLError, severity: 'error' | 'warning'): TestSetDiagnostic => {
    const { offset: _offset, ...range } = lines.range(e.pos[0], e.pos[1]);
    return { severity, code: 'syntax', path: [], file, ...range, ...yamlSyntaxIssue(e) };
  };
  const syntax = [...doc.errors.map((e) => place(e, 'error')), ...doc.warnings.map((e) => place(e, 'warning'))];
  if (doc.errors.length > 0)
    return failed(
      file,
      syntax.sort((a, b) => a.line - b.line || a.column - b.column),
    );
  const start = { path: [], file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const shape = checkYamlExpansion(doc, MAX_NESTING, MAX_YAML_EXPANDED);
  if (shape !== null) {
    if (shape.kind === 'deep') return tooDeep(shape.offset);
    const { offset: _offset, ...range } = lines.range(shape.offset, shape.offset + 1);
    return failed(file, [
      {
        severity: 'error',
        code: 'too-large',
        path: [],
        file,
        ...range,
        message: `With its aliases (*name) replaced, this file grows past ${MAX_YAML_EXPANDED / 1024 / 1024} MiB of text; Evalbench stops reading here.`,
        hint: 'Use aliases for short shared text (a system prompt), not to repeat large blocks; or split the test set.',
      },
    ]);
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(file, [
      {
        severity: 'error',
        code: 'syntax',
        ...start,
        message: `The YAML could not be read: ${reason}.`,
        hint: 'Check the anchors (&name) and aliases (*name).',
      },
    ]);
  }
  if (root === null || root === undefined) {
    return failed(file, [
      {
        severity: 'error',
        code: 'schema',
        ...start,
        message: 'The file is empty.',
        hint: 'A test set needs at least `name:` and `cases:`; see the examples in resources/examples.',
      },
    ]);
  }
  return validateTestSetSource({ file, format: 'yaml', root, locate: yamlLocator(doc, text), issues: [], diagnostics: syntax, ...options });
}
