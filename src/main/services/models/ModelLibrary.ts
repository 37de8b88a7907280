import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserFacingError } from '../../../shared/result';
import {
  ModelMetadata,
  ModelProblem,
  type MemoryEstimate,
  type ModelInspection,
  type ModelStatus,
  type ModelSummary,
} from '../../../shared/models';
import type { EventBus } from '../EventBus';
import type { HandlerSlice } from '../router';
import type { Store } from '../store/Store';
import { queryNvidiaGpus } from '../system/nvidiaGpus';
import type { LoadOptionsInput, MemoryEstimateOptions } from '../../../shared/engine';
import type { LoadEstimate } from '../engine/protocol';
import { estimateMemory } from './estimateMemory';
import { findModelFiles, type FoundModel } from './findModelFiles';
import { hashFiles } from './hashFiles';
import { inspectModel } from './inspectModel';
import { findKnownModelFolders } from './knownModelFolders';

const MAX_SIZINGS_KEPT = 200;

interface ModelRow {
  id: string;
  name: string;
  path: string;
  parts_json: string;
  size_bytes: number;
  sha256: string | null;
  status: ModelStatus;
  metadata_json: string | null;
  problems_json: string;
  added_at: string;
}

/** `Llama-3-8B-Q4_K_M-00001-of-00002.gguf` → `Llama-3-8B-Q4_K_M`: the file name says which quantization it is. */
export function modelName(file: string): string {
  return path
    .basename(file)
    .replace(/-\d{5}-of-\d{5}\.gguf$/i, '')
    .replace(/\.gguf$/i, '');
}

/**
 * The user's models: files and folders they added, each checked and described from its header at
 * once, then identified by a content hash computed in the background. Moving a file and adding it
 * again finds its old entry by that hash, so its history stays.
 */
export class ModelLibrary {
  private readonly hashProgress = new Map<string, number>();
  private hashing: Promise<void> = Promise.resolve();
  private readonly aborter = new AbortController();
  /** Entries removed because their content was already in the library: new id → the entry kept. */
  private readonly mergedInto = new Map<string, string>();
  /** One per model being hashed or queued: removing the model stops its hash. */
  private readonly hashAborters = new Map<string, AbortController>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {
    // Hashes interrupted by a quit are finished on the next start.
    for (const row of this.rows().filter((r) => r.sha256 === null && r.status !== 'missing')) this.queueHash(row.id);
  }

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<
    'models.list' | 'models.add' | 'models.remove' | 'models.inspect' | 'models.knownFolders' | 'models.estimateMemory'
  > {
    return {
      'models.list': () => this.list(),
      'models.add': ({ paths }) => this.add(paths),
      'models.remove': ({ id }) => {
        this.remove(id);
        return null;
      },
      'models.inspect': ({ path: file }) => this.inspect(file),
      'models.knownFolders': () => findKnownModelFolders(),
      'models.estimateMemory': ({ id, contextSize, options }) => this.estimateMemory(id, contextSize, options),
    };
  }

  list(): ModelSummary[] {
    return this.rows().map((r) => this.summary(r));
  }

  get(id: string): ModelSummary {
    const row = this.store.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (!row)
      throw new UserFacingError('not_found', `No model with id ${id} in the library.`, 'It may have been removed; reload the Models page.');
    return this.summary(row);
  }

  async add(paths: readonly string[]): Promise<{ added: ModelSummary[]; skipped: { path: string; reason: string }[] }> {
    const found = await findModelFiles(paths);
    const skipped = [...found.skipped];
    const added: ModelSummary[] = [];
    for (const model of found.models) {
      const existing = this.store.db.prepare('SELECT name FROM models WHERE path = ?').get(model.path) as { name: string } | undefined;
      if (existing) {
        skipped.push({ path: model.path, reason: `Already in the library as ${existing.name}.` });
        continue;
      }
      const id = this.insert(model, await inspectModel(model));
      added.push(this.get(id));
      this.queueHash(id);
    }
    if (added.length > 0) this.changed();
    return { added, skipped };
  }

  remove(id: string): void {
    this.get(id);
    this.store.db.prepare('DELETE FROM models WHERE id = ?').run(id);
    this.hashAborters.get(id)?.abort();
    this.hashProgress.delete(id);
    this.changed();
  }

  async inspect(file: string): Promise<ModelInspection> {
    const found = await findModelFiles([file]);
    const [model] = found.models;
    if (model === undefined || found.models.length > 1) {
      const reason = found.skipped[0]?.reason ?? 'It is a folder with several models; inspect one file.';
      throw new UserFacingError('invalid_input', `Cannot inspect ${file}: ${reason}`);
    }
    return inspectModel(model);
  }

  /** Sizes a load with llama.cpp in a worker (`Engine.estimate`); set by the composition root. */
  loadEstimator: ((modelPath: string, options: LoadOptionsInput) => Promise<LoadEstimate>) | null = null;
  /** Sizings by file and options: each starts a worker, and a form asks again for every context typed. */
  private readonly sizings = new Map<string, Promise<LoadEstimate>>();

  private sizeLoad(
    estimator: NonNullable<ModelLibrary['loadEstimator']>,
    model: ModelSummary,
    options: LoadOptionsInput,
  ): Promise<LoadEstimate> {
    // The file's size and hash are in the key, so a file replaced in place is sized again.
    const key = JSON.stringify([model.path, model.sizeBytes, model.sha256, options]);
    const known = this.sizings.get(key);
    if (known !== undefined) return known;
    if (this.sizings.size >= MAX_SIZINGS_KEPT) this.sizings.delete(this.sizings.keys().next().value ?? '');
    const sizing = estimator(model.path, options);
    this.sizings.set(key, sizing);
    sizing.catch(() => this.sizings.delete(key));
    return sizing;
  }

  async estimateMemory(id: string, contextSize: number, options: MemoryEstimateOptions = {}): Promise<MemoryEstimate> {
    const model = this.get(id);
    if (model.metadata === null) {
      throw new UserFacingError(
        'invalid_input',
        `${model.name} has no readable header, so its memory cannot be estimated.`,
        'See the problems listed for the file.',
      );
    }
    if (this.loadEstimator === null) throw new Error('ModelLibrary.loadEstimator is not set: nothing can size a load.');
    const [load, nvidia] = await Promise.all([
      this.sizeLoad(this.loadEstimator, model, { ...options, contextSize, backend: 'cpu', gpuLayers: 0 }),
      queryNvidiaGpus(),
    ]);
    const gpus = nvidia.map((g) => ({
      name: g.name,
      vramTotalBytes: g.vramTotalBytes,
      vramFreeBytes: Math.max(0, g.vramTotalBytes - g.vramUsedBytes),
    }));
    return estimateMemory(load, contextSize, { totalRam: os.totalmem(), freeRam: os.freemem(), gpus });
  }

  /**
   * The entry a just-added file ends up as: itself, or, when its hash shows the library already had
   * the same content, the entry it was merged into. Waits for the hash only when another entry
   * has the same size, so a run naming a file the app added elsewhere does not lose its model.
   */
  async settle(id: string): Promise<ModelSummary> {
    const row = this.store.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (row !== undefined) {
      if (row.sha256 !== null) return this.summary(row);
      const sameSize = this.store.db.prepare('SELECT 1 FROM models WHERE size_bytes = ? AND id != ?').get(row.size_bytes, id);
      if (sameSize === undefined) return this.summary(row);
    }
    await this.hashing;
    return this.get(this.mergedInto.get(id) ?? id);
  }

  /** Resolves once every queued hash is done (tests, and a clean quit). */
  idle(): Promise<void> {
    return this.hashing;
  }

  dispose(): void {
    this.aborter.abort();
  }

  private isDisposed(): boolean {
    return this.aborter.signal.aborted;
  }

  private rows(): ModelRow[] {
    return this.store.db.prepare('SELECT * FROM models ORDER BY name COLLATE NOCASE').all() as ModelRow[];
  }

  private insert(model: FoundModel, inspection: ModelInspection): string {
    const id = crypto.randomUUID();
    const hasError = inspection.problems.some((p) => p.severity === 'error');
    this.store.db
      .prepare(
        `INSERT INTO models (id, name, path, parts_json, size_bytes, sha256, status, metadata_json, problems_json, added_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
      )
      .run(
        id,
        modelName(model.path),
        model.path,
        JSON.stringify(model.parts),
        inspection.sizeBytes,
        hasError ? 'invalid' : 'hashing',
        inspection.metadata === null ? null : JSON.stringify(inspection.metadata),
        JSON.stringify(inspection.problems),
        new Date().toISOString(),
      );
    return id;
  }

  private queueHash(id: string): void {
    this.hashProgress.set(id, 0);
    const aborter = new AbortController();
    this.hashAborters.set(id, aborter);
    this.hashing = this.hashing
      .then(() => this.hash(id, aborter.signal))
      .catch((error: unknown) => {
        process.stderr.write(`[evalbench] hashing model ${id} failed: ${String(error)}\n`);
      })
      .finally(() => {
        if (this.hashAborters.get(id) === aborter) this.hashAborters.delete(id);
      });
  }

  private async hash(id: string, removed: AbortSignal): Promise<void> {
    const row = this.store.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (!row || this.isDisposed() || removed.aborted) return;
    const parts = JSON.parse(row.parts_json) as string[];
    let lastEmit = 0;
    let sha256: string;
    try {
      sha256 = await hashFiles(parts, {
        signal: AbortSignal.any([this.aborter.signal, removed]),
        onProgress: (fraction) => {
          this.hashProgress.set(id, fraction);
          if (Date.now() - lastEmit > 250) {
            lastEmit = Date.now();
            this.changed();
          }
        },
      });
    } catch (error) {
      this.hashProgress.delete(id);
      const gone = this.store.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id) === undefined;
      if (this.isDisposed() || gone) return;
      this.store.db.prepare("UPDATE models SET status = 'missing' WHERE id = ?").run(id);
      this.changed();
      throw error;
    }
    this.hashProgress.delete(id);
    const twin = this.store.db.prepare('SELECT * FROM models WHERE sha256 = ? AND id != ?').get(sha256, id) as ModelRow | undefined;
    if (twin) {
      // Same content: one model. If the old entry's file is gone it was moved here, so the old
      // entry (and its results) takes the new location; otherwise this is a copy of a known model.
      this.store.db.prepare('DELETE FROM models WHERE id = ?').run(id);
      this.mergedInto.set(id, twin.id);
      const moved = !fs.existsSync(twin.path);
      this.bus.emit('models.notice', {
        message: moved
          ? `${row.name} is ${twin.name} moved to a new place (same content); its entry and results now point there.`
          : `${row.name} has the same content as ${twin.name} (${twin.path}), which is already in the library, so it was not added twice.`,
      });
      if (moved) {
        this.store.db
          .prepare('UPDATE models SET path = ?, parts_json = ?, name = ?, status = ?, problems_json = ?, metadata_json = ? WHERE id = ?')
          .run(
            row.path,
            row.parts_json,
            row.name,
            row.status === 'invalid' ? 'invalid' : 'ready',
            row.problems_json,
            row.metadata_json,
            twin.id,
          );
      }
    } else {
      this.store.db
        .prepare('UPDATE models SET sha256 = ?, status = ? WHERE id = ?')
        .run(sha256, row.status === 'invalid' ? 'invalid' : 'ready', id);
    }
    this.changed();
  }

  private summary(row: ModelRow): ModelSummary {
    const parts = JSON.parse(row.parts_json) as string[];
    const present = parts.every((p) => fs.existsSync(p));
    const metadata = row.metadata_json === null ? null : ModelMetadata.safeParse(JSON.parse(row.metadata_json));
    const problems = ModelProblem.array().safeParse(JSON.parse(row.problems_json));
    return {
      id: row.id,
      name: row.name,
      path: row.path,
      parts,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      status: present ? row.status : 'missing',
      hashProgress: this.hashProgress.get(row.id) ?? null,
      metadata: metadata?.success === true ? metadata.data : null,
      problems: problems.success ? problems.data : [],
      addedAt: row.added_at,
    };
  }

  private changed(): void {
    this.bus.emit('models.changed', this.list());
  }
}
