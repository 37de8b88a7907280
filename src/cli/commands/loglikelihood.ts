import fs from 'node:fs';
import path from 'node:path';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { multipleChoiceFigures, type MultipleChoiceFigures } from '../../main/services/loglikelihood/multipleChoice';
import { parseMultipleChoiceJsonl } from '../../main/services/loglikelihood/parseMultipleChoiceJsonl';
import { scoreChoicesLocal } from '../../main/services/loglikelihood/scoreChoicesLocal';
import { formatLoglikelihood, summarizeLoglikelihood } from '../../main/services/loglikelihood/summarizeLoglikelihood';
import { resolveFixture } from '../../main/services/runs/loadRunFile';
import { validateGguf } from '../../main/services/gguf/validateGguf';
import { physicalCores } from '../../main/services/system/physicalCores';
import { UsageError, type Command } from '../command';

/** A model argument as a file path: a .gguf path, or `fixture:NAME`. */
async function modelPath(arg: string): Promise<string> {
  const fixture = /^fixture:(.+)$/.exec(arg)?.[1];
  if (fixture === undefined) return path.resolve(arg);
  const resolved = await resolveFixture(fixture);
  if (resolved === null) throw new UsageError(`unknown fixture "${fixture}"`);
  return resolved;
}

export const loglikelihoodCommand: Command = {
  name: 'loglikelihood',
  summary: 'Multiple-choice accuracy by log-likelihood, as lm-evaluation-harness computes acc and acc_norm, for one or more local models.',
  usage: 'evalbench loglikelihood --set ITEMS.jsonl MODEL.gguf… [--ctx 512] [--threads N] [--json]',
  options: {
    set: { type: 'string', valueName: 'FILE', description: 'Multiple-choice JSONL: MMLU, ARC, HellaSwag rows, or Evalbench’s {context, choices, answer}.' },
    ctx: { type: 'string', valueName: 'N', description: 'Context size (default 512).' },
    threads: { type: 'string', valueName: 'N', description: 'CPU threads (default: the physical cores).' },
    json: { type: 'boolean', description: 'Print the summary as JSON.' },
  },
  positionals: [{ name: 'MODEL', description: 'GGUF files (or fixture:NAME); the first is the baseline of the comparisons.' }],
  async run(values, positionals, { stdout, stderr }) {
    if (typeof values.set !== 'string') throw new UsageError('give the items with --set FILE.jsonl');
    if (positionals.length === 0) throw new UsageError('name at least one model');
    const contextSize = Number(values.ctx ?? 512);
    const threads = Number(values.threads ?? physicalCores());
    if (!Number.isInteger(contextSize) || contextSize < 16) throw new UsageError('--ctx must be a whole number of at least 16');
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError('--threads must be a whole number of at least 1');
    let text: string;
    try {
      text = fs.readFileSync(values.set, 'utf8');
    } catch {
      stderr.write(`evalbench loglikelihood: cannot read ${values.set}.\n`);
      return 1;
    }
    const { items, errors } = parseMultipleChoiceJsonl(text, values.set);
    for (const e of errors) stderr.write(`${e}\n`);
    if (errors.length > 0 || items.length === 0) {
      if (items.length === 0 && errors.length === 0) stderr.write(`${values.set}: no items.\n`);
      return 1;
    }
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, logger: () => undefined });
    const models: { label: string; figures: MultipleChoiceFigures[] }[] = [];
    try {
      for (const arg of positionals) {
        const file = await modelPath(arg);
        const check = await validateGguf(file);
        if (!check.ok) {
          for (const p of check.problems) stderr.write(`${p.severity}: ${p.message}\n`);
          return 1;
        }
        const model = await llama.loadModel({ modelPath: file });
        try {
          const context = await model.createContext({ contextSize, threads });
          try {
            const sequence = context.getSequence();
            const figures: MultipleChoiceFigures[] = [];
            for (const item of items) {
              try {
                figures.push(multipleChoiceFigures(item, await scoreChoicesLocal(model, sequence, item)));
              } catch (error) {
                stderr.write(`${values.set}: item ${item.id}: ${error instanceof Error ? error.message : String(error)}\n`);
                return 1;
              }
            }
            models.push({ label: arg.startsWith('fixture:') ? arg.slice('fixture:'.length) : path.basename(arg), figures });
          } finally {
            await context.dispose();
          }
        } finally {
          await model.dispose();
        }
      }
    } finally {
      await llama.dispose();
    }
    const summaries = summarizeLoglikelihood(models);
    stdout.write(values.json === true ? `${JSON.stringify({ items: items.length, models: summaries }, null, 2)}\n` : formatLoglikelihood(summaries));
    return 0;
  },
};
