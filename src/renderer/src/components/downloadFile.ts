/**
 * Saves data as a file through the browser's download, which works in the desktop app (Electron
 * asks where to save) and in a browser on `evalbench serve` alike.
 */
export function downloadFile(fileName: string, data: Blob | string, type = 'text/plain'): void {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The bytes of a base64 `data:` URL (as canvas and ECharts give images) as a Blob of its type. */
export function dataUrlToBlob(url: string): Blob {
  const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(url);
  if (match === null) throw new Error(`Not a data URL: ${url.slice(0, 40)}…`);
  const [, type = 'application/octet-stream', base64, payload = ''] = match;
  if (base64 === undefined) return new Blob([decodeURIComponent(payload)], { type });
  const text = atob(payload);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type });
}
