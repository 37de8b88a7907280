import { formatBytes } from '../../shared/formatBytes';
import type { ModelInspection } from '../../shared/models';
import { findModelFiles } from '../../main/services/models/findModelFiles';
import { inspectModel } from '../../main/services/models/inspectModel';
import { resolveModelPath, unknownFixtureMessage } from '../../main/services/runs/loadRunFile';
import { UsageError, type Command } from '../command';

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** The inspection as a person reads it: facts first, then every problem with its fix. */
export function formatInspection(inspection: ModelInspection): string {
  const m = inspection.metadata;
  const rows: [string, string][] = [
    ['File', inspection.parts.length > 1 ? `${inspection.path} (+${inspection.parts.length - 1} more parts)` : inspection.path],
    ['Size', formatBytes(inspection.sizeBytes)],
  ];
  if (m !== null) {
    const quant =
      m.fileType === null
        ? (m.dominantTensorType ?? 'unknown')
        : m.dominantTensorType !== null && m.dominantTensorType !== m.fileType
          ? `${m.fileType} (mostly ${m.dominantTensorType})`
          : m.fileType;
    rows.push(
      ['Name', m.name ?? '—'],
      ['Architecture', m.architecture ?? 'unknown'],
      ['Parameters', formatCount(m.parameterCount)],
      ['Quantization', quant],
      ['Bits per weight', m.bitsPerWeight === null ? '—' : m.bitsPerWeight.toFixed(2)],
      ['Context length', m.contextLength === null ? '—' : String(m.contextLength)],
      ['Layers', m.layerCount === null ? '—' : String(m.layerCount)],
      ['Embedding', m.embeddingLength === null ? '—' : String(m.embeddingLength)],
      ['Heads (KV)', m.headCount === null ? '—' : `${m.headCount} (${m.headCountKv ?? m.headCount})`],
      ['Vocabulary', m.vocabularySize === null ? '—' : `${m.vocabularySize} (${m.tokenizer ?? 'unknown'} tokenizer)`],
      ['Chat template', m.chatTemplate === null ? 'none' : 'yes'],
      ['Tensors', `${m.tensorCount} (GGUF v${m.ggufVersion})`],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (inspection.problems.length === 0) lines.push('', 'No problems found: llama.cpp should load this file.');
  else {
    lines.push('');
    for (const p of inspection.problems) lines.push(`${p.severity === 'error' ? 'error' : 'warning'}: ${p.message}`, `  ${p.hint}`);
  }
  return lines.join('\n') + '\n';
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Print a GGUF model’s metadata and check it, without loading the weights.',
  usage: 'evalbench inspect <model.gguf> [--json]',
  positionals: [
    {
      name: 'model.gguf',
      description: 'The model file (for a split model, any of its parts), or fixture:NAME for the project’s own models.',
    },
  ],
  options: {
    json: { type: 'boolean', description: 'Print the result as JSON (metadata, problems) for scripts.' },
  },
  async run(values, positionals, { stdout, stderr }) {
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('Name the model file to inspect.');
    if (extra.length > 0) throw new UsageError(`Inspect one model at a time (got ${positionals.length} arguments).`);
    const resolved = await resolveModelPath(file, process.cwd());
    if (resolved === null) throw new UsageError(unknownFixtureMessage(file));
    const found = await findModelFiles([resolved]);
    const [model] = found.models;
    if (model === undefined || found.models.length !== 1) {
      stderr.write(
        `evalbench inspect: ${found.skipped[0]?.path ?? file}: ${found.skipped[0]?.reason ?? 'a folder with several models; name one file.'}\n`,
      );
      return 1;
    }
    const inspection = await inspectModel(model);
    stdout.write(values.json === true ? JSON.stringify(inspection, null, 2) + '\n' : formatInspection(inspection));
    return inspection.problems.some((p) => p.severity === 'error') ? 1 : 0;
  },
};
