import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LlamaContext, LlamaModel } from 'node-llama-cpp';
import { packageRoot } from '../../appPaths';
import { nodeLlamaCppVersion } from './nodeLlamaCppVersion';

export interface AddonLane {
  sequence: number;
  position: number;
  input: Int32Array;
  maxTokens: number;
  stopTokens: Int32Array;
}

/** llama.cpp's own counters of a context (llama_perf_context), as the addon reads them. */
export interface LlamaCppCounters {
  /** Compute time of single-token decodes, and how many there were. */
  decodeMs: number;
  decodes: number;
  /** Compute time of decodes of several tokens (prompts, batches), and their tokens. */
  promptMs: number;
  promptTokens: number;
  /** Decodes that reused the last compute graph instead of building one (a steady generation reuses nearly all). */
  graphsReused: number;
}

/** A lane's tokens from a call: sampled tokens and when, in ms after the call was made. */
export interface LaneTokens {
  tokens: Int32Array;
  elapsedMs: Float64Array;
}

/** Tokens a call hands over while it runs: the lane's tokens of this call from index `from` on. */
export interface StreamedTokens extends LaneTokens {
  from: number;
}

/** What `native/*.cc` exports (built by scripts/build-native.mjs). */
export interface DecodeLoopAddon {
  /**
   * Generates for the lanes; resolves with every token of the call per lane, in the lanes' order.
   * With `onTokens`, a lane's first token is also handed over at once and later ones every
   * `streamMs` while the call runs, one entry per lane each time (a chunk may come after the
   * promise has resolved: its tokens are in the result).
   */
  run(lanes: AddonLane[], budgetMs: number, onTokens?: (chunks: StreamedTokens[]) => void, streamMs?: number): Promise<LaneTokens[]>;
  clear(sequence: number): boolean;
  /** The context's counters, then zeroed when `reset`; only while nothing decodes on it. */
  counters(reset: boolean): LlamaCppCounters;
  dispose(): void;
}
type DecodeLoopConstructor = new (
  context: object,
  model: object,
  expected: {
    cells: number;
    sequences: number;
    batchSize: number;
    threadpool?: { threads: number; poll: number };
    /** `control[0]` set to 1 asks a call under way to return after its current step. */
    control?: Int32Array;
    /** CPUs the thread decoding a call is pinned to. */
    cpus?: number[];
  },
) => DecodeLoopAddon;

interface Manifest {
  nodeLlamaCppVersion: string;
  llamaCppRelease: string;
}

/** Set to `off` to run everything through node-llama-cpp alone: its loop, no thread pool (benchmarks compare the two). */
export const NATIVE_DECODE_ENV = 'EVALBENCH_NATIVE_DECODE';

/**
 * CPUs (`1`, `0,2`) that the native loop's decoding thread is pinned to, as llama.cpp's tools'
 * `--cpu-mask` pins theirs: benchmarks compare both on the same core of a machine whose cores are
 * not equally fast. One-thread contexts only (a pool's other threads are not pinned).
 */
export const DECODE_CPUS_ENV = 'EVALBENCH_DECODE_CPUS';

/** The CPUs of `EVALBENCH_DECODE_CPUS`, undefined when unset, or why they cannot be used. */
export function decodeCpus(value: string | undefined): { cpus: number[] | undefined } | { note: string } {
  if (value === undefined || value === '') return { cpus: undefined };
  if (!/^\d+(,\d+)*$/.test(value)) return { note: `${DECODE_CPUS_ENV}=${value} is not a list of CPU numbers such as 1 or 0,2` };
  return { cpus: value.split(',').map(Number) };
}

/**
 * How hard a context's idle pool threads spin before they sleep (llama.cpp's default, 0–100).
 * Only with more than one thread: a one-thread pool has no workers.
 */
const THREADPOOL_POLL = 50;

/**
 * `native/*.cc` opened on node-llama-cpp's context: the native decode loop, with a
 * thread pool attached to the context for its life (node-llama-cpp attaches none, so ggml starts
 * and joins its worker threads for every token: 2 threads made 67 tok/s of the bench fixture here
 * where a pool made 953). Or why it cannot be opened. Dispose the addon before the context.
 */
export function openDecodeLoopAddon(
  model: LlamaModel,
  context: LlamaContext,
  llamaCppRelease: string,
  /** The flag that asks a call under way back (the decode loop's; the thread probe needs none). */
  control?: Int32Array,
): { addon: DecodeLoopAddon } | { note: string } {
  if (process.env[NATIVE_DECODE_ENV] === 'off') return { note: `turned off (${NATIVE_DECODE_ENV}=off)` };
  const pin = decodeCpus(process.env[DECODE_CPUS_ENV]);
  if ('note' in pin) return pin;
  const dir = path.join(packageRoot(), 'native', 'build', `${process.platform}-${process.arch}`);
  const manifestFile = path.join(dir, 'decodeLoop.json');
  if (!fs.existsSync(manifestFile)) return { note: 'not built (run `node scripts/build-native.mjs`)' };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (error) {
    return {
      note: `${manifestFile} is unreadable (${error instanceof Error ? error.message : String(error)}): rebuild with \`node scripts/build-native.mjs\``,
    };
  }
  const version = nodeLlamaCppVersion();
  if (manifest.nodeLlamaCppVersion !== version || manifest.llamaCppRelease !== llamaCppRelease) {
    return {
      note: `built for node-llama-cpp ${manifest.nodeLlamaCppVersion} (llama.cpp ${manifest.llamaCppRelease}), this is ${version} (${llamaCppRelease}): rebuild it with \`node scripts/build-native.mjs\``,
    };
  }
  const internals = { context: (context as unknown as { _ctx?: unknown })._ctx, model: (model as unknown as { _model?: unknown })._model };
  if (
    typeof internals.context !== 'object' ||
    internals.context === null ||
    typeof internals.model !== 'object' ||
    internals.model === null
  )
    return { note: `node-llama-cpp ${version} does not keep its native objects where this build expects` };
  try {
    const { DecodeLoop } = createRequire(import.meta.url)(path.join(dir, 'decodeLoop.node')) as { DecodeLoop: DecodeLoopConstructor };
    const addon = new DecodeLoop(internals.context, internals.model, {
      cells: context.contextSize * context.totalSequences,
      sequences: context.totalSequences,
      batchSize: context.batchSize,
      threadpool: { threads: context.currentThreads, poll: THREADPOOL_POLL },
      ...(control === undefined ? {} : { control }),
      ...(pin.cpus === undefined ? {} : { cpus: pin.cpus }),
    });
    return { addon };
  } catch (error) {
    return { note: `could not be opened: ${error instanceof Error ? error.message : String(error)}` };
  }
}
