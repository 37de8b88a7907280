import crypto from 'node:crypto';
import path from 'node:path';
import type { ModelDownload } from '../../../shared/models';
import { UserFacingError } from '../../../shared/result';
import type { EventBus } from '../EventBus';
import type { HandlerSlice } from '../router';
import { downloadModel } from './download/downloadModel';
import type { ModelLibrary } from './ModelLibrary';

/**
 * Downloads started from the app: each runs in the background, reports progress as events, and
 * joins the library when done. An interrupted download resumes from its `.part` file next time.
 */
export class ModelDownloads {
  private readonly downloads = new Map<string, ModelDownload>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<void>>();

  constructor(
    private readonly library: ModelLibrary,
    private readonly bus: EventBus,
    private readonly defaultDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'models.download' | 'models.cancelDownload' | 'models.downloads'> {
    return {
      'models.download': ({ reference, destDir }) => this.start(reference, destDir),
      'models.cancelDownload': ({ id }) => {
        this.cancel(id);
        return null;
      },
      'models.downloads': () => this.list(),
    };
  }

  list(): ModelDownload[] {
    return [...this.downloads.values()];
  }

  start(reference: string, destDir?: string): ModelDownload {
    const id = crypto.randomUUID();
    const download: ModelDownload = {
      id,
      reference,
      file: null,
      receivedBytes: 0,
      totalBytes: null,
      bytesPerSecond: 0,
      state: 'downloading',
      error: null,
      modelId: null,
    };
    const controller = new AbortController();
    this.downloads.set(id, download);
    this.controllers.set(id, controller);
    const dir = path.resolve(destDir ?? this.defaultDir);
    this.finished.set(id, this.run(id, reference, dir, controller.signal));
    this.changed();
    return { ...download };
  }

  cancel(id: string): void {
    const controller = this.controllers.get(id);
    if (!controller) throw new UserFacingError('not_found', `No download ${id} is running.`);
    controller.abort();
  }

  /** Resolves when the download has ended, however it ended (tests). */
  async settled(id: string): Promise<ModelDownload | undefined> {
    await this.finished.get(id);
    return this.downloads.get(id);
  }

  dispose(): void {
    for (const controller of this.controllers.values()) controller.abort();
  }

  private async run(id: string, reference: string, destDir: string, signal: AbortSignal): Promise<void> {
    const update = (patch: Partial<ModelDownload>): void => {
      const current = this.downloads.get(id);
      if (current) this.downloads.set(id, { ...current, ...patch });
      this.changed();
    };
    try {
      const result = await downloadModel({
        source: reference,
        destDir,
        signal,
        env: this.env,
        onProgress: (p) =>
          update({ file: p.file, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes, bytesPerSecond: p.bytesPerSecond }),
      });
      const { added } = await this.library.add([result.path]);
      const modelId = added[0]?.id ?? this.library.list().find((m) => m.path === result.path)?.id ?? null;
      update({ state: 'done', modelId, file: path.basename(result.path) });
    } catch (error) {
      if (signal.aborted) update({ state: 'cancelled', error: 'Cancelled; starting the same download again resumes it.' });
      else update({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.controllers.delete(id);
    }
  }

  private changed(): void {
    this.bus.emit('models.downloads', this.list());
  }
}
