import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../appPaths';
import { readSkilledWeights, skilledFixtureVersion, writeSkilledLlama } from './skilled/skilledLlama';
import { FIXTURE_QUANTS, FIXTURE_VERSION, tinyLlamaFileName, writeTinyLlama, type FixtureModel, type FixtureQuant } from './tinyLlama';
import { validateGguf } from './validateGguf';

/** Options for ensureFixtures. */
export interface EnsureFixturesOptions {
  /** Folder for the files; default `<repo>/.cache/fixtures`, or a folder in the OS temp dir outside a checkout. */
  dir?: string;
  /** The ~25M-parameter bench model instead of the tiny one. */
  bench?: boolean;
  /** The trained skilled model (from the committed weights) instead of the tiny one. */
  skilled?: boolean;
  /** Rewrite all four files even when they are current. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Paths of the four fixture files, all present and current. */
export interface FixtureSet {
  dir: string;
  size: FixtureModel;
  files: Record<FixtureQuant, string>;
  /** Which files this call had to (re)generate; empty when all were cached. */
  generated: FixtureQuant[];
}

/** `<repo>/.cache/fixtures` when running from a checkout (tests, CLI), else `<tmp>/evalbench-fixtures`. */
export function defaultFixtureDir(): string {
  const root = packageRoot();
  // Inside a packaged app the package folder is a read-only archive.
  return root.includes('.asar') ? path.join(os.tmpdir(), 'evalbench-fixtures') : path.join(root, '.cache', 'fixtures');
}

async function isCurrent(file: string, wanted: string): Promise<boolean> {
  const result = await validateGguf(file);
  const version = result.header?.metadata.get('evalbench.fixture_version');
  return result.ok && version?.type === 'string' && version.value === wanted;
}

/**
 * Makes sure the fixture model files exist and match FIXTURE_VERSION, generating only the ones
 * that are missing, stale or damaged. Safe when several test files (processes) call it at once:
 * each writes to its own temporary names and renames into place, so a reader never sees a
 * partial file; two writers produce identical bytes, so whichever rename lands last is fine.
 */
export async function ensureFixtures(options: EnsureFixturesOptions = {}): Promise<FixtureSet> {
  const size: FixtureModel = options.skilled === true ? 'skilled' : options.bench === true ? 'bench' : 'tiny';
  const wanted = size === 'skilled' ? skilledFixtureVersion(await readSkilledWeights()) : FIXTURE_VERSION;
  const dir = path.resolve(options.dir ?? defaultFixtureDir());
  await fs.mkdir(dir, { recursive: true });
  const files = Object.fromEntries(FIXTURE_QUANTS.map((q) => [q, path.join(dir, tinyLlamaFileName(size, q))])) as Record<
    FixtureQuant,
    string
  >;

  const stale: FixtureQuant[] = [];
  for (const quant of FIXTURE_QUANTS) if (options.force === true || !(await isCurrent(files[quant], wanted))) stale.push(quant);
  if (stale.length === 0) {
    options.onProgress?.(1);
    return { dir, size, files, generated: [] };
  }

  const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const temps = Object.fromEntries(stale.map((q) => [q, `${files[q]}.${tag}.tmp`])) as Partial<Record<FixtureQuant, string>>;
  try {
    const progress = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    if (size === 'skilled') await writeSkilledLlama({ paths: temps, ...progress });
    else await writeTinyLlama({ size, paths: temps, ...progress });
    for (const quant of stale) {
      const temp = temps[quant] ?? '';
      try {
        await fs.rename(temp, files[quant]);
      } catch (error) {
        // Windows refuses to replace a file another process has open; if that file is current, ours is not needed.
        if (!(await isCurrent(files[quant], wanted))) throw error;
      }
    }
  } finally {
    await Promise.all(Object.values(temps).map((t) => fs.rm(t, { force: true })));
  }
  return { dir, size, files, generated: stale };
}
