/** Test set file format: schema, parsing with positioned diagnostics, rendering. Pure: runs in main and in the renderer. */
export { ScorerSpec, SCORER_TYPES, type ScorerSpecInput, type ScorerType } from './ScorerSpec';
export { scorerNeedsExpected } from './scorerNeedsExpected';
export { GenerationParamsOverride } from './GenerationParamsOverride';
export { TestCase, TestChatMessage, VariableValue, type TestCaseInput } from './TestCase';
export { TestSet, TestSetDefaults, type TestSetInput } from './TestSet';
export { parseTestSetText, testSetFormatOf } from './parseTestSetText';
export { nameFromFile } from './parseJsonlTestSet';
export type { GeneratedCaseId, LoadedTestSet, TestSetFormat, TestSetLoadResult } from './TestSetLoadResult';
export {
  formatDiagnostic,
  formatPath,
  type SourceRange,
  type TestSetDiagnostic,
  type TestSetIssue,
  type TestSetIssueCode,
  type TestSetPath,
} from './TestSetDiagnostic';
export { parseTemplate, type ParsedTemplate, type TemplatePart, type TemplateProblem } from './parseTemplate';
export { renderTemplate, type RenderedTemplate } from './renderTemplate';
export { renderCase, type RenderedCase } from './renderCase';
export { caseContentId } from './caseContentId';
export { summarizeTestSet, type TestSetOverview } from './summarizeTestSet';
export { testSetJsonSchema, testSetJsonSchemaText, TEST_SET_SCHEMA_PATH } from './testSetJsonSchema';
export { formatJsonl } from './formatJsonl';
export { formatTestSetYaml } from './formatTestSetYaml';
