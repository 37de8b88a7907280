import { DownloadError } from './DownloadError';

// Characters Windows refuses in names, plus the path separators and control characters everywhere.
// eslint-disable-next-line no-control-regex
const unsafe = /[<>:"/\\|?*\u0000-\u001f]/;

/**
 * Returns `name` when it is safe to use as a file name in the destination folder: no path
 * separators (a server or reference must never write outside that folder), no `.`/`..`, no
 * characters some file systems reject, and ending in `.gguf`. Throws a `bad_reference`
 * `DownloadError` naming the reference otherwise.
 */
export function checkFileName(name: string, reference: string): string {
  const problem =
    name === '' || name === '.' || name === '..'
      ? 'it is empty'
      : unsafe.test(name)
        ? 'it contains a path separator or a character file systems reject'
        : name.length > 255
          ? 'it is longer than 255 characters'
          : !/\.gguf$/i.test(name)
            ? 'it does not end in .gguf'
            : undefined;
  if (problem === undefined) return name;
  throw new DownloadError(
    'bad_reference',
    `Cannot save ${reference} as "${name}": ${problem}.`,
    'Point the reference at a .gguf file, or pass a fileName such as model.gguf.',
  );
}
