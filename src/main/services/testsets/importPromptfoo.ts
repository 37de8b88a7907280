import { parseDocument } from 'yaml';
import { LineIndex } from '../../../shared/testset/SourceLocator';
import { nameFromFile } from '../../../shared/testset/parseJsonlTestSet';
import type { ScorerSpecInput } from '../../../shared/testset/ScorerSpec';
import type { TestCaseInput } from '../../../shared/testset/TestCase';
import type { TestSetInput } from '../../../shared/testset/TestSet';
import type { TestSetPath } from '../../../shared/testset/TestSetDiagnostic';
import { yamlLocator } from '../../../shared/testset/yamlLocator';
import type { ImportResult, UnmappedItem } from './ImportResult';
import { mapPromptfooAssert } from './mapPromptfooAssert';

type Json = Record<string, unknown>;
type VarValue = string | number | boolean;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every combination of the list-valued variables, as promptfoo expands them. */
function expand(vars: Record<string, VarValue | VarValue[]>): Record<string, VarValue>[] {
  let out: Record<string, VarValue>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const values = Array.isArray(value) ? value : [value];
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v })));
  }
  return out;
}

/**
 * Imports a promptfoo test file: a list of tests, or a config with `tests`, `prompts` (one prompt
 * becomes `defaults.promptTemplate`; promptfoo’s `{{var}}` is Evalbench’s too) and `defaultTest`
 * (its asserts become the default scorers; promptfoo adds them to each test’s own, and so does the
 * import). Each test’s `vars` become variables (lists expand to one case per combination, as in
 * promptfoo), its `assert` entries scorers (see `mapPromptfooAssert`), `description` and
 * `metadata` the case’s metadata. What cannot be mapped is listed with its line and the reason.
 */
export function importPromptfoo(text: string, file: string): ImportResult {
  const doc = parseDocument(text, { prettyErrors: false });
  const locate = yamlLocator(doc, text);
  const lineOf = (path: TestSetPath, atKey = false): number => locate(path, atKey).line;
  const unmapped: UnmappedItem[] = [];
  const lines = new LineIndex(text);
  const errors: ImportResult['errors'] = doc.errors.map((e) => ({
    ...lines.position(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  const testSet: TestSetInput = { name: nameFromFile(file), cases: [] };
  const caseLines: number[] = [];
  if (errors.length > 0) return { testSet, caseLines, unmapped, errors };
  const root: unknown = doc.toJS();
  const config: Json = Array.isArray(root) ? { tests: root } : isObject(root) ? root : {};
  const base: TestSetPath = Array.isArray(root) ? [] : ['tests'];
  if (!Array.isArray(config.tests)) {
    const reason =
      typeof config.tests === 'string'
        ? `the tests are in ${config.tests}: import that file.`
        : 'no tests found: expected a list of tests, or a config with tests:.';
    errors.push({ line: lineOf(base), column: 1, message: reason });
    return { testSet, caseLines, unmapped, errors };
  }
  if (typeof config.description === 'string') testSet.description = config.description;

  const prompts = (Array.isArray(config.prompts) ? config.prompts : config.prompts === undefined ? [] : [config.prompts]).map(
    (p: unknown) => (isObject(p) ? p.raw : p),
  );
  const [prompt, ...otherPrompts] = prompts;
  const defaults: NonNullable<TestSetInput['defaults']> = {};
  if (typeof prompt === 'string' && !prompt.startsWith('file://')) defaults.promptTemplate = prompt;
  else if (prompt !== undefined)
    unmapped.push({
      line: lineOf(['prompts'], true),
      what: 'prompts[0]',
      reason: 'a prompt file or function is not read: copy the prompt into defaults.promptTemplate.',
    });
  else
    unmapped.push({
      line: null,
      what: 'the prompt',
      reason: 'the file has no prompts: add defaults.promptTemplate using the variables (e.g. {{question}}).',
    });
  if (otherPrompts.length > 0)
    unmapped.push({
      line: lineOf(['prompts'], true),
      what: `${otherPrompts.length} more prompts`,
      reason: 'Evalbench compares models on one prompt per test set; make a test set per prompt.',
    });

  const mapAsserts = (asserts: unknown, path: TestSetPath): { scorers: ScorerSpecInput[]; expected: string[] } => {
    const scorers: ScorerSpecInput[] = [];
    const expected: string[] = [];
    (Array.isArray(asserts) ? asserts : []).forEach((a: unknown, j) => {
      const mapped = mapPromptfooAssert(a);
      const what = `${[...path, j]
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
        .join('')
        .slice(1)} (${isObject(a) ? String(a.type) : 'not an object'})`;
      if (mapped.caveat !== undefined)
        unmapped.push({
          line: lineOf([...path, j]),
          what,
          reason: mapped.scorer === undefined ? mapped.caveat : `imported, but ${mapped.caveat}`,
        });
      if (mapped.scorer !== undefined) scorers.push(mapped.scorer);
      expected.push(...(mapped.expected ?? []));
    });
    return { scorers, expected };
  };
  const defaultTest = isObject(config.defaultTest) ? config.defaultTest : {};
  const shared = mapAsserts(defaultTest.assert, ['defaultTest', 'assert']);
  if (shared.scorers.length > 0) defaults.scorers = shared.scorers;
  if (shared.expected.length > 0)
    unmapped.push({
      line: lineOf(['defaultTest'], true),
      what: 'defaultTest reference answers',
      reason: 'an answer shared by every test does not fit; put it on the cases.',
    });
  if (defaultTest.options !== undefined)
    unmapped.push({
      line: lineOf(['defaultTest', 'options'], true),
      what: 'defaultTest.options',
      reason: 'promptfoo options (transforms, providers, prefixes) have no Evalbench equivalent.',
    });
  const defaultVars = isObject(defaultTest.vars) ? defaultTest.vars : {};
  if (Object.keys(defaults).length > 0) testSet.defaults = defaults;

  config.tests.forEach((test: unknown, i) => {
    const path = [...base, i];
    const line = lineOf(path);
    if (!isObject(test)) {
      unmapped.push({
        line,
        what: `test ${i + 1}`,
        reason:
          typeof test === 'string' ? `tests loaded from ${test} are not read: import that file.` : 'not a test (expected vars and assert).',
      });
      return;
    }
    const vars: Record<string, VarValue | VarValue[]> = {};
    for (const [name, value] of Object.entries({ ...defaultVars, ...(isObject(test.vars) ? test.vars : {}) })) {
      if (typeof value === 'string' && value.startsWith('file://'))
        unmapped.push({
          line,
          what: `vars.${name}`,
          reason: `read from ${value} in promptfoo; the import keeps the path as text: paste the content in.`,
        });
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[name] = value;
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
        vars[name] = value;
      else {
        vars[name] = JSON.stringify(value);
        unmapped.push({ line, what: `vars.${name}`, reason: 'a structured value; it became its JSON text.' });
      }
    }
    const own = mapAsserts(test.assert, [...path, 'assert']);
    const c: TestCaseInput = {};
    if (own.scorers.length > 0) c.scorers = [...shared.scorers, ...own.scorers];
    if (own.expected.length > 0) c.expected = [...new Set(own.expected)];
    const metadata: Json = { ...(isObject(test.metadata) ? test.metadata : {}) };
    if (typeof test.description === 'string') metadata.description = test.description;
    if (Object.keys(metadata).length > 0) c.metadata = metadata;
    for (const key of ['options', 'threshold', 'provider', 'providers', 'providerOutput']) {
      if (test[key] !== undefined)
        unmapped.push({ line: lineOf([...path, key], true), what: `tests[${i}].${key}`, reason: 'has no Evalbench equivalent.' });
    }
    const combinations = expand(vars);
    if (combinations.length > 1)
      unmapped.push({
        line,
        what: `tests[${i}].vars`,
        reason: `imported, but its lists expand to ${combinations.length} cases (one per combination), as promptfoo runs them.`,
      });
    for (const combination of combinations) {
      testSet.cases.push(Object.keys(combination).length > 0 ? { ...c, vars: combination } : { ...c });
      caseLines.push(line);
    }
  });
  return { testSet, caseLines, unmapped, errors };
}
