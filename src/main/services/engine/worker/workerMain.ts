import { GenerationInput, GenerationParams, LoadOptions } from '../../../../shared/engine';
import type { FromWorker, ToWorker } from '../protocol';
import { estimateLoad } from './estimateLoad';
import { fidelityChunk } from './fidelityChunk';
import { generate } from './generate';
import { ModelRuntime } from './ModelRuntime';
import { processMemory } from './processMemory';
import { scoreChoices } from './scoreChoices';
import { connectToParent } from './parentPort';

// Entry point of an inference worker: one process, one model. Started by the engine through
// `child_process.fork` (headless) or Electron's `utilityProcess` (desktop).

const LOG_LINES_KEPT = 40;
const LOAD_LOG_GRACE_MS = 150;

const parent = connectToParent();
const recentLogs: string[] = [];
let runtime: ModelRuntime | null = null;
const running = new Map<number, AbortController>();

function send(message: FromWorker): void {
  parent.send(message);
}

function log(level: string, message: string): void {
  const line = message.trimEnd();
  if (line === '') return;
  recentLogs.push(line);
  if (recentLogs.length > LOG_LINES_KEPT) recentLogs.shift();
  send({ type: 'log', level, message: line });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function fail(id: number, error: unknown, waitForLogs = false): Promise<void> {
  // llama.cpp reports the cause of a failed load through the logger, after the exception.
  if (waitForLogs) await new Promise((resolve) => setTimeout(resolve, LOAD_LOG_GRACE_MS));
  send({ type: 'failed', id, error: { message: describe(error), logs: [...recentLogs] } });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'load': {
      if (runtime !== null) return fail(message.id, new Error('This worker already has a model loaded.'));
      try {
        const loaded = await ModelRuntime.load(message.modelPath, LoadOptions.parse(message.options), log);
        runtime = loaded.runtime;
        send({ type: 'loaded', id: message.id, info: { ...loaded.info, memory: await runtime.memory() } });
      } catch (error) {
        await fail(message.id, error, true);
      }
      return;
    }
    case 'generate': {
      if (runtime === null) return fail(message.id, new Error('No model is loaded in this worker.'));
      const controller = new AbortController();
      running.set(message.id, controller);
      try {
        const result = await generate(runtime, GenerationInput.parse(message.input), GenerationParams.parse(message.params), {
          signal: controller.signal,
          streamIntervalMs: message.streamIntervalMs,
          onText: (text, tokens) => send({ type: 'chunk', id: message.id, text, tokens }),
        });
        send({ type: 'generated', id: message.id, result });
      } catch (error) {
        await fail(message.id, error);
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'cancel':
      running.get(message.id)?.abort();
      return;
    case 'tokenize': {
      if (runtime === null) return fail(message.id, new Error('No model is loaded in this worker.'));
      // BOS only where llama.cpp adds one when it tokenizes (the vocabulary's add_bos).
      const bos = runtime.model.tokens.shouldPrependBosToken ? runtime.model.tokens.bos : null;
      send({
        type: 'tokens',
        id: message.id,
        tokens: runtime.model.tokenize(message.text).map(Number),
        bos: bos === null ? null : Number(bos),
      });
      return;
    }
    case 'embed': {
      if (runtime === null) return fail(message.id, new Error('No model is loaded in this worker.'));
      try {
        send({ type: 'embeddings', id: message.id, vectors: await runtime.embed(message.texts) });
      } catch (error) {
        await fail(message.id, error);
      }
      return;
    }
    case 'fidelityChunk': {
      if (runtime === null) return fail(message.id, new Error('No model is loaded in this worker.'));
      try {
        send({ type: 'fidelityChunk', id: message.id, result: await fidelityChunk(runtime, message.request) });
      } catch (error) {
        await fail(message.id, error);
      }
      return;
    }
    case 'scoreChoices': {
      if (runtime === null) return fail(message.id, new Error('No model is loaded in this worker.'));
      const controller = new AbortController();
      running.set(message.id, controller);
      try {
        send({
          type: 'choiceScores',
          id: message.id,
          scores: await scoreChoices(runtime, { context: message.context, choices: message.choices }, controller.signal),
        });
      } catch (error) {
        await fail(message.id, error);
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'estimate': {
      if (runtime !== null) return fail(message.id, new Error('This worker has a model loaded; estimate in a fresh worker.'));
      try {
        send({ type: 'estimated', id: message.id, estimate: await estimateLoad(message.modelPath, LoadOptions.parse(message.options)) });
      } catch (error) {
        await fail(message.id, error, true);
      }
      return;
    }
    case 'memory':
      if (runtime !== null) send({ type: 'memory', id: message.id, memory: await runtime.memory() });
      else {
        const { rssBytes, peakRssBytes } = processMemory();
        send({ type: 'memory', id: message.id, memory: { rssBytes, peakRssBytes, vramUsedBytes: null } });
      }
      return;
    case 'unload':
      for (const controller of running.values()) controller.abort();
      await runtime?.dispose();
      runtime = null;
      send({ type: 'unloaded', id: message.id });
      return;
    default:
      return message satisfies never;
  }
}

parent.onMessage((message) => {
  void handle(message).catch((error: unknown) => log('error', `worker: ${describe(error)}`));
});
send({ type: 'ready' });
