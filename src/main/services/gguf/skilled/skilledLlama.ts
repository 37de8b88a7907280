import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../../appPaths';
import { GgmlType } from '../ggmlTypes';
import { GgufWriter, type GgufTensorSpec } from '../GgufWriter';
import { FIXTURE_QUANTS, llamaMetadata, MATRIX_TYPE, type FixtureQuant, type WrittenFixture } from '../tinyLlama';
import { buildCharVocab } from './charVocab';
import { layoutOf, tensorSlots } from './llamaMath';
import { SKILLED_SETTINGS } from './skilledModel';

/** The committed F32 weights written by `npm run train-fixture` (tensors in GGUF order, little-endian f32). */
export function skilledWeightsPath(): string {
  return path.join(packageRoot(), 'resources', 'fixtures', 'skilled-llama.f32.bin');
}

/** Reads the committed trained weights, checking their size against the model's shape. */
export async function readSkilledWeights(file = skilledWeightsPath()): Promise<Float32Array> {
  const bytes = await fs.readFile(file);
  const expected = layoutOf(SKILLED_SETTINGS.shape).total * 4;
  if (bytes.length !== expected) {
    throw new Error(
      `${file}: ${bytes.length.toLocaleString('en-US')} bytes, but the skilled fixture's shape needs ${expected.toLocaleString('en-US')}; run \`npm run train-fixture\` to retrain it.`,
    );
  }
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.length / 4);
}

/** `skilled-llama-1-<first 12 hex digits of the weights' SHA-256>`: changes whenever the weights or the writer do. */
export function skilledFixtureVersion(weights: Float32Array): string {
  const hash = createHash('sha256')
    .update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength))
    .digest('hex');
  return `skilled-llama-1-${hash.slice(0, 12)}`;
}

/** Number of weights in the skilled fixture. */
export function skilledParamCount(): number {
  return layoutOf(SKILLED_SETTINGS.shape).total;
}

/**
 * Writes the trained skilled fixture at the requested quantisations from the committed F32
 * weights, with the same encoders as the random fixtures (pure quantisation, norms kept F32).
 */
export async function writeSkilledLlama(options: {
  paths: Partial<Record<FixtureQuant, string>>;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}): Promise<WrittenFixture[]> {
  const weights = await readSkilledWeights();
  const version = skilledFixtureVersion(weights);
  const { shape } = SKILLED_SETTINGS;
  const vocab = buildCharVocab();
  const slots = tensorSlots(shape);
  const config = {
    nEmbd: shape.nEmbd,
    nLayer: shape.nLayer,
    nHead: shape.nHead,
    nHeadKv: shape.nHead,
    nFf: shape.nFf,
    contextLength: shape.contextLength,
  };
  const targets = FIXTURE_QUANTS.flatMap((quant) => {
    const file = options.paths[quant];
    return file === undefined ? [] : [{ quant, path: file }];
  });
  const writers: { quant: FixtureQuant; path: string; writer: GgufWriter }[] = [];
  try {
    for (const { quant, path: file } of targets) {
      const specs: GgufTensorSpec[] = slots.map((s) => ({
        name: s.name,
        shape: s.shape,
        type: s.shape.length === 1 ? GgmlType.F32 : MATRIX_TYPE[quant],
      }));
      const metadata = llamaMetadata({ name: 'Evalbench skilled llama', version, config, vocab, quant });
      writers.push({ quant, path: file, writer: await GgufWriter.create(file, metadata, specs) });
    }
    for (const [index, slot] of slots.entries()) {
      options.signal?.throwIfAborted();
      const values = weights.subarray(slot.offset, slot.offset + slot.size);
      for (const { writer } of writers) await writer.writeTensor(slot.name, values);
      options.onProgress?.((index + 1) / slots.length);
    }
    const written: WrittenFixture[] = [];
    for (const { quant, path: file, writer } of writers)
      written.push({ quant, path: file, bytes: await writer.close(), params: weights.length });
    return written;
  } catch (error) {
    await Promise.all(writers.map(({ writer }) => writer.abort()));
    throw error;
  }
}
