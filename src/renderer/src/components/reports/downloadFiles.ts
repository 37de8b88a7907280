import type { ExportedFile } from '../../../../shared/reports';
import { zipStored } from '../../../../shared/zipStored';

function decode(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function download(fileName: string, bytes: Uint8Array, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started with the click; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Hands exported files to the browser as downloads (the browser host cannot reach main's disk):
 * one file as itself, several (a Markdown report and its chart images) as one .zip named after
 * the first, rather than a download each. Files too large to send stay on disk only.
 */
export function downloadFiles(files: readonly ExportedFile[]): void {
  const sendable = files.flatMap((f) => (f.base64 === null ? [] : [{ ...f, base64: f.base64 }]));
  const [first] = sendable;
  if (first === undefined) return;
  if (sendable.length === 1) {
    download(first.fileName, decode(first.base64), first.mimeType);
    return;
  }
  const zip = zipStored(sendable.map((f) => ({ name: f.fileName, bytes: decode(f.base64) })));
  download(`${first.fileName.replace(/\.[^.]*$/, '')}.zip`, zip, 'application/zip');
}
