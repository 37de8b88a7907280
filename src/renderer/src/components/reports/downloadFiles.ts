import type { ExportedFile } from '../../../../shared/reports';

/** Hands exported files to the browser as downloads (the browser host cannot reach main's disk). */
export function downloadFiles(files: readonly ExportedFile[]): void {
  for (const file of files) {
    if (file.base64 === null) continue;
    const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // The download has started with the click; the URL is not needed after it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
