import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { TestSetDraft } from '../../../../shared/api';
import { atomicWrite } from './atomicWrite';

/**
 * Unsaved edits of test sets, one JSON file per test set in its own folder of the data dir,
 * each written atomically: a crash leaves the previous draft or the new one, never half of one.
 */
export class DraftStore {
  constructor(private readonly folder: string) {}

  private fileOf(id: string): string {
    if (!/^[\w-]+$/.test(id)) throw new Error(`Not a test set id: ${JSON.stringify(id)}`);
    return path.join(this.folder, `${id}.json`);
  }

  async get(id: string): Promise<TestSetDraft | null> {
    let raw: string;
    try {
      raw = await readFile(this.fileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = TestSetDraft.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async put(id: string, text: string, baseHash: string | null): Promise<TestSetDraft> {
    const draft: TestSetDraft = { text, savedAt: new Date().toISOString(), baseHash };
    await atomicWrite(this.fileOf(id), JSON.stringify(draft));
    return draft;
  }

  async remove(id: string): Promise<void> {
    await rm(this.fileOf(id), { force: true });
  }

  /** Every kept draft's test set id and time; leftovers of interrupted writes are ignored. */
  async list(): Promise<{ id: string; savedAt: string }[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: { id: string; savedAt: string }[] = [];
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      const draft = await this.get(id).catch(() => null);
      if (draft !== null) out.push({ id, savedAt: draft.savedAt });
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }
}
