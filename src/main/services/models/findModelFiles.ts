import fs from 'node:fs/promises';
import path from 'node:path';

/** One model as found on disk: a single .gguf, or every part of a split model in order. */
export interface FoundModel {
  path: string;
  parts: string[];
}

export interface FindResult {
  models: FoundModel[];
  skipped: { path: string; reason: string }[];
}

const SPLIT = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;
const NOT_REGULAR = 'Not a regular file (a pipe, device or socket, or a link to one), so it cannot be a model.';

/** Whether the path, links followed, is a regular file; never opens it, so a FIFO cannot block. */
export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Turns what the user picked (files, folders) into models. Folders are searched recursively;
 * `name-00001-of-00003.gguf` and its siblings become one model; a split model with parts
 * missing is skipped with the missing names. Only regular files count (links followed): a `.gguf`
 * that is a FIFO or a link to `/dev/zero` is skipped with the reason, before anything opens it.
 */
export async function findModelFiles(inputs: readonly string[]): Promise<FindResult> {
  const files = new Set<string>();
  const skipped: FindResult['skipped'] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      skipped.push({ path: absolute, reason: 'No such file or folder.' });
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.size;
      await walk(absolute, files);
      if (files.size === before) skipped.push({ path: absolute, reason: 'No .gguf files in this folder or below it.' });
    } else if (!absolute.toLowerCase().endsWith('.gguf')) {
      skipped.push({ path: absolute, reason: 'Not a .gguf file.' });
    } else if (!stat.isFile()) {
      skipped.push({ path: absolute, reason: NOT_REGULAR });
    } else {
      files.add(absolute);
    }
  }
  return { models: await groupSplits([...files].sort(), skipped), skipped };
}

async function walk(dir: string, into: Set<string>): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, into);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.gguf')) into.add(full);
    // A link is followed once, to a regular file only: never to /dev/zero, a FIFO or a folder (loops).
    else if (entry.isSymbolicLink() && entry.name.toLowerCase().endsWith('.gguf') && (await isRegularFile(full))) into.add(full);
  }
}

async function groupSplits(files: string[], skipped: FindResult['skipped']): Promise<FoundModel[]> {
  const models: FoundModel[] = [];
  const seenSplits = new Set<string>();
  for (const file of files) {
    const match = SPLIT.exec(path.basename(file));
    if (!match) {
      models.push({ path: file, parts: [file] });
      continue;
    }
    const [, stem = '', , totalText = ''] = match;
    const key = path.join(path.dirname(file), `${stem}-of-${totalText}`);
    if (seenSplits.has(key)) continue;
    seenSplits.add(key);
    const total = Number(totalText);
    const parts = Array.from({ length: total }, (_, i) =>
      path.join(path.dirname(file), `${stem}-${String(i + 1).padStart(5, '0')}-of-${totalText}.gguf`),
    );
    const missing: string[] = [];
    const irregular: string[] = [];
    for (const part of parts) {
      try {
        if (!(await fs.stat(part)).isFile()) irregular.push(path.basename(part));
      } catch {
        missing.push(path.basename(part));
      }
    }
    if (missing.length > 0) skipped.push({ path: parts[0] ?? file, reason: `Split model is missing ${missing.join(', ')}.` });
    else if (irregular.length > 0) skipped.push({ path: parts[0] ?? file, reason: `${irregular.join(', ')}: ${NOT_REGULAR}` });
    else models.push({ path: parts[0] ?? file, parts });
  }
  return models;
}
