import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KnownModelFolder } from '../../../shared/models';

/** Where another tool keeps GGUF files, before checking the disk. */
export interface ModelFolderCandidate {
  source: KnownModelFolder['source'];
  path: string;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/**
 * The folders LM Studio, the Hugging Face hub cache, llama.cpp's `-hf` cache and node-llama-cpp
 * keep models in on this OS, honouring the environment variables each tool reads.
 */
export function modelFolderCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): ModelFolderCandidate[] {
  const join = (...parts: string[]): string => (platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts));
  const xdgCache = nonEmpty(env.XDG_CACHE_HOME) ?? join(home, '.cache');
  const hfHome = nonEmpty(env.HF_HOME) ?? join(xdgCache, 'huggingface');
  const llamaCache =
    nonEmpty(env.LLAMA_CACHE) ??
    (platform === 'darwin'
      ? join(home, 'Library', 'Caches', 'llama.cpp')
      : platform === 'win32'
        ? join(nonEmpty(env.LOCALAPPDATA) ?? join(home, 'AppData', 'Local'), 'llama.cpp')
        : join(xdgCache, 'llama.cpp'));
  return [
    { source: 'LM Studio', path: join(home, '.lmstudio', 'models') },
    { source: 'LM Studio', path: join(home, '.cache', 'lm-studio', 'models') },
    { source: 'Hugging Face cache', path: nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE) ?? join(hfHome, 'hub') },
    { source: 'llama.cpp cache', path: llamaCache },
    { source: 'node-llama-cpp', path: join(home, '.node-llama-cpp', 'models') },
  ];
}

/** Walks at most this many directory entries per folder: a cache can be huge, and the page must answer quickly. */
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 8;

/** How many .gguf files (first parts of split models once) a folder holds, looking no deeper than a bounded walk. */
async function countGguf(root: string): Promise<{ count: number; complete: boolean }> {
  let seen = 0;
  let count = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined) break;
    const entries = await fsp.readdir(next.dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return { count, complete: false };
      if (entry.isDirectory() && next.depth < MAX_DEPTH) queue.push({ dir: path.join(next.dir, entry.name), depth: next.depth + 1 });
      // The Hugging Face cache links snapshot names to blobs: a link named .gguf counts.
      else if (
        (entry.isFile() || entry.isSymbolicLink()) &&
        /\.gguf$/i.test(entry.name) &&
        !/-0000[2-9]-of-\d{5}\.gguf$|-000[1-9]\d-of-\d{5}\.gguf$/i.test(entry.name)
      )
        count++;
    }
  }
  return { count, complete: true };
}

/** The candidate folders that exist here, each with how many GGUF files it holds. */
export async function findKnownModelFolders(
  candidates: readonly ModelFolderCandidate[] = modelFolderCandidates(),
): Promise<KnownModelFolder[]> {
  const found: KnownModelFolder[] = [];
  for (const candidate of candidates) {
    const stat = await fsp.stat(candidate.path).catch(() => null);
    if (stat?.isDirectory() !== true) continue;
    const { count, complete } = await countGguf(candidate.path);
    found.push({ ...candidate, ggufFiles: count, countComplete: complete });
  }
  return found;
}
