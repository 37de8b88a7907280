import { DownloadError } from './DownloadError';

const splitName = /^(.+)-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * Lists every file of the model a GGUF file name belongs to. llama.cpp splits big models into
 * `NAME-00001-of-0000N.gguf` … `NAME-0000N-of-0000N.gguf` and needs all parts beside each other,
 * so a reference to any part means all of them; part 1 comes first because it is the one to load.
 * A name that is not a split part is returned alone.
 */
export function expandSplitGguf(fileName: string): string[] {
  const match = splitName.exec(fileName);
  if (match === null) return [fileName];
  const [, stem = '', partText = '', countText = ''] = match;
  const part = Number(partText);
  const count = Number(countText);
  if (count < 1 || part < 1 || part > count) {
    throw new DownloadError(
      'bad_reference',
      `"${fileName}" claims to be part ${part} of ${count} of a split GGUF, which is impossible.`,
      'Check the file name; split GGUF parts are named NAME-00001-of-00003.gguf and so on.',
    );
  }
  const suffix = fileName.slice(-'.gguf'.length);
  return Array.from({ length: count }, (_, i) => `${stem}-${String(i + 1).padStart(5, '0')}-of-${countText}${suffix}`);
}
