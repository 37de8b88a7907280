import fs from 'node:fs';
import path from 'node:path';

/** Extensions a test set file may have, and the one each format is written with. */
export const TEST_SET_EXTENSIONS = ['.yaml', '.yml', '.json', '.jsonl', '.ndjson'] as const;

/** A file name stem from a test set name: letters and digits of any script, the rest folded into dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'test-set' : slug;
}

/** `folder/stem.ext`, or `stem-2.ext`, `stem-3.ext`… when taken (by a file, or by `taken`). */
export function uniqueFile(folder: string, stem: string, ext: string, taken: (file: string) => boolean = () => false): string {
  for (let n = 1; ; n++) {
    const file = path.join(folder, `${stem}${n === 1 ? '' : `-${n}`}${ext}`);
    if (!fs.existsSync(file) && !taken(file)) return file;
  }
}

/** Whether `file` lies inside `folder` (not the folder itself, never through `..`). */
export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Whether a file name is one the editor opens as a test set. */
export function isTestSetFile(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return (TEST_SET_EXTENSIONS as readonly string[]).includes(ext);
}
