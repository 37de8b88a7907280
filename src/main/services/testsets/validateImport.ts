import type { ExpressionSyntaxCheck } from '../../../shared/testset/checkCaseScorers';
import { LineIndex } from '../../../shared/testset/SourceLocator';
import type { TestSetLoadResult } from '../../../shared/testset/TestSetLoadResult';
import { validateTestSetSource } from '../../../shared/testset/validateTestSetSource';
import type { ImportResult } from './ImportResult';
import { optionalFields } from '../../../shared/optionalFields';

/**
 * Validates an imported test set as the loader would a file, with the problems placed on the
 * source lines their cases came from, and every unmapped item as a warning on its line.
 */
export function validateImport(
  imported: ImportResult,
  file: string,
  sourceText: string,
  checkExpression?: ExpressionSyntaxCheck,
): TestSetLoadResult {
  const lines = new LineIndex(sourceText);
  const at = (line: number | null) => {
    const start = lines.range(0, 0);
    if (line === null) return start;
    const offset = sourceText.split('\n', line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    return lines.range(offset, lines.lineEnd(offset));
  };
  return validateTestSetSource({
    file,
    format: 'yaml',
    ...optionalFields({ checkExpression }),
    root: imported.testSet,
    locate: (path) => at(path[0] === 'cases' && typeof path[1] === 'number' ? (imported.caseLines[path[1]] ?? null) : null),
    issues: [],
    diagnostics: [
      ...imported.errors.map((e) => {
        const { offset: _offset, ...range } = at(e.line);
        return {
          severity: 'error' as const,
          code: 'syntax' as const,
          path: [],
          file,
          ...range,
          column: e.column,
          message: `${e.message}.`,
        };
      }),
      ...imported.unmapped.map((u) => {
        const { offset: _offset, ...range } = at(u.line);
        return { severity: 'warning' as const, code: 'schema' as const, path: [], file, ...range, message: `${u.what}: ${u.reason}` };
      }),
    ],
  });
}
