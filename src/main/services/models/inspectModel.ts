import fs from 'node:fs/promises';
import type { ModelInspection, ModelProblem } from '../../../shared/models';
import type { GgufHeader } from '../gguf/GgufReader';
import { validateGguf } from '../gguf/validateGguf';
import type { FoundModel } from './findModelFiles';
import { readModelMetadata } from './readModelMetadata';

/** Problems that only make sense for a whole model, not for parts 2… of a split one. */
const WHOLE_MODEL_CODES = new Set(['missing-key', 'missing-tensor', 'wrong-key-type', 'bad-vocabulary', 'unexpected-tensor']);

/**
 * Reads and checks every part of a model: the metadata a researcher compares by, and every
 * problem that would make llama.cpp refuse the file or abort the process.
 */
export async function inspectModel(model: FoundModel): Promise<ModelInspection> {
  const problems: ModelProblem[] = [];
  const headers: GgufHeader[] = [];
  let sizeBytes = 0;
  const split = model.parts.length > 1;
  for (const [index, part] of model.parts.entries()) {
    try {
      sizeBytes += (await fs.stat(part)).size;
    } catch {
      problems.push({
        code: 'file-unreadable',
        severity: 'error',
        message: `${part}: the file cannot be read.`,
        hint: 'Check that it exists and that you may read it.',
      });
      continue;
    }
    const result = await validateGguf(part);
    for (const p of result.problems) {
      // Split parts carry only some keys and tensors each; the union is what llama.cpp checks.
      if (split && WHOLE_MODEL_CODES.has(p.code) && (index > 0 || p.code === 'missing-tensor')) continue;
      problems.push({ code: p.code, severity: p.severity, message: p.message, hint: p.hint });
    }
    if (result.header) headers.push(result.header);
  }
  const metadata = headers.length === model.parts.length && headers.length > 0 ? readModelMetadata(headers) : null;
  return { path: model.path, parts: model.parts, sizeBytes, metadata, problems };
}
