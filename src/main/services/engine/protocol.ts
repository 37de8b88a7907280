import type { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions } from '../../../shared/engine';

/**
 * Messages between the engine (parent) and one inference worker (child process). Plain
 * structured-cloneable objects: they cross `child_process` IPC and Electron's utility-process port.
 */
export type ToWorker =
  | { type: 'load'; id: number; modelPath: string; options: LoadOptions }
  | { type: 'generate'; id: number; input: GenerationInput; params: GenerationParams; streamIntervalMs: number }
  | { type: 'cancel'; id: number }
  | { type: 'memory'; id: number }
  | { type: 'unload'; id: number };

export interface WorkerFailure {
  message: string;
  /** llama.cpp's last log lines before the failure, oldest first. */
  logs: string[];
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; info: LoadedModelInfo }
  | { type: 'chunk'; id: number; text: string; tokens: number }
  | { type: 'generated'; id: number; result: GenerationResult }
  | { type: 'memory'; id: number; memory: GenerationResult['memory'] }
  | { type: 'unloaded'; id: number }
  | { type: 'failed'; id: number; error: WorkerFailure }
  | { type: 'log'; level: string; message: string };
