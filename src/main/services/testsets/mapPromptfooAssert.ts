import type { ScorerSpecInput } from '../../../shared/testset/ScorerSpec';
import { optionalFields } from '../../../shared/optionalFields';

/** One promptfoo assertion as Evalbench maps it. */
export interface MappedAssert {
  scorer?: ScorerSpecInput;
  /** Reference answers the assertion carried (equals, similar, rouge, bleu), which become the case’s expected answers. */
  expected?: string[];
  /** Why it could not be mapped, or how the mapping differs from promptfoo’s behaviour. */
  caveat?: string;
}

const NO_EQUIVALENT = 'Evalbench has no scorer for this; use a judge ({ type: judge, rubric: … }) or a javascript expression instead.';

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map(String);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps a promptfoo `assert` entry to an Evalbench scorer: equals, contains, icontains, contains-any,
 * contains-all (and their i- forms), not-contains, regex, not-regex, starts-with, is-json,
 * contains-json, javascript, similar, llm-rubric, rouge-n, rouge-l and bleu. `weight` and `metric`
 * (as the label) carry over, and `threshold` where the scorer has one. Anything else (levenshtein,
 * python, cost, latency, model-graded metrics…) comes back unmapped, with the reason.
 */
export function mapPromptfooAssert(assert: unknown): MappedAssert {
  if (!isObject(assert) || typeof assert.type !== 'string') return { caveat: 'not an assertion: it has no type.' };
  const { type, value } = assert;
  const common: { weight?: number; label?: string } = {};
  if (typeof assert.weight === 'number' && assert.weight >= 0) common.weight = assert.weight;
  if (typeof assert.metric === 'string' && assert.metric !== '') common.label = assert.metric;
  const threshold = typeof assert.threshold === 'number' && assert.threshold >= 0 && assert.threshold <= 1 ? assert.threshold : undefined;
  const withThreshold = (fallback: number) => ({ threshold: threshold ?? fallback });
  const list = strings(value);
  const text = typeof value === 'string' ? value : undefined;
  const needsValue = { caveat: `${type} needs a text value here.` };
  if (typeof value === 'string' && value.startsWith('file://'))
    return { caveat: `its value is read from ${value}, which the import does not open; copy the content in.` };
  const transform = assert.transform === undefined ? undefined : 'its transform was not applied (Evalbench scores the raw output).';
  const result = (mapped: MappedAssert): MappedAssert =>
    transform === undefined || mapped.scorer === undefined
      ? mapped
      : { ...mapped, caveat: [mapped.caveat, transform].filter(Boolean).join(' ') };
  switch (type) {
    case 'equals':
      if (list?.length !== 1) return { caveat: 'equals with a JSON value: compare it with json-schema or a javascript expression.' };
      return result({ scorer: { type: 'exact', ...common }, expected: list });
    case 'contains':
    case 'icontains':
      return text === undefined
        ? needsValue
        : result({ scorer: { type: 'contains', value: text, caseSensitive: type === 'contains', ...common } });
    case 'contains-any':
    case 'icontains-any':
    case 'contains-all':
    case 'icontains-all': {
      const values =
        typeof value === 'string'
          ? value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : list;
      if (values === undefined || values.length === 0) return needsValue;
      return result({
        scorer: {
          type: 'contains',
          value: values,
          mode: type.endsWith('all') ? 'all' : 'any',
          caseSensitive: !type.startsWith('i'),
          ...common,
        },
      });
    }
    case 'not-contains':
    case 'not-icontains':
    case 'not-contains-any':
    case 'not-icontains-any':
      if (list === undefined) return needsValue;
      return result({ scorer: { type: 'not-contains', value: list, caseSensitive: !type.startsWith('not-i'), ...common } });
    case 'regex':
    case 'not-regex':
      return text === undefined
        ? needsValue
        : result({ scorer: { type: 'regex', pattern: text, negate: type === 'not-regex', ...common } });
    case 'starts-with':
      return text === undefined ? needsValue : result({ scorer: { type: 'starts-with', value: text, trim: false, ...common } });
    case 'is-json':
    case 'contains-json': {
      const extract = type === 'contains-json';
      if (isObject(value)) return result({ scorer: { type: 'json-schema', schema: value, extract, ...common } });
      return result({ scorer: { type: 'json-valid', extract, ...common } });
    }
    case 'javascript': {
      if (text === undefined) return needsValue;
      const differs = /\bcontext\b|\breturn\b/.test(text);
      return result({
        scorer: { type: 'javascript', expression: text, ...common, ...optionalFields({ threshold }) },
        ...(differs
          ? {
              caveat:
                'promptfoo runs it with `context` and allows `return`; Evalbench evaluates an expression over `output`, `expected` and `vars`: check it.',
            }
          : {}),
      });
    }
    case 'similar':
      return list === undefined
        ? needsValue
        : result({ scorer: { type: 'semantic-similarity', ...withThreshold(0.8), ...common }, expected: list });
    case 'llm-rubric':
      if (text === undefined) return needsValue;
      return result({
        scorer: { type: 'judge', rubric: text, ...withThreshold(0.5), ...common },
        ...(assert.provider === undefined
          ? {}
          : { caveat: 'its grading provider was not carried over: the judge model is chosen in Evalbench.' }),
      });
    case 'rouge-n':
    case 'rouge-l':
      if (text === undefined) return needsValue;
      return result({
        scorer: { type: 'rouge', variant: type === 'rouge-n' ? 'rouge1' : 'rougeL', ...withThreshold(0.75), ...common },
        expected: [text],
        caveat: 'mapped to Evalbench’s ROUGE F-measure, whose scores can differ a little from promptfoo’s.',
      });
    case 'bleu':
      return list === undefined ? needsValue : result({ scorer: { type: 'bleu', ...withThreshold(0.5), ...common }, expected: list });
    case 'levenshtein':
      return {
        caveat: 'Evalbench has no edit-distance scorer; chrf ({ type: chrf }, character n-grams) measures closeness in a similar spirit.',
      };
    default:
      return { caveat: type.startsWith('not-') ? `the negated assertion ${type} has no Evalbench equivalent.` : NO_EQUIVALENT };
  }
}
