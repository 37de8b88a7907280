import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportedFile } from '../../../../shared/reports';
import { downloadFiles } from './downloadFiles';

const file = (fileName: string, text: string | null): ExportedFile => ({
  fileName,
  path: `/data/reports/${fileName}`,
  sizeBytes: text?.length ?? 0,
  mimeType: fileName.endsWith('.md') ? 'text/markdown' : 'image/svg+xml',
  base64: text === null ? null : btoa(text),
});

/** The downloads started: each link's file name and its blob. */
function watchDownloads(): { name: string; blob: Blob }[] {
  const started: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:${n++}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: () => undefined,
    }),
  );
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    started.push({ name: this.download, blob: blobs.get(this.href) ?? new Blob() });
  });
  return started;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('downloadFiles', () => {
  it('downloads a Markdown report and its charts as one .zip, not a download per file', async () => {
    const started = watchDownloads();
    downloadFiles([
      file('run-834acf10.md', '# Report'),
      file('run-834acf10-chart-1.svg', '<svg/>'),
      file('run-834acf10-chart-2.svg', '<svg/>'),
      file('huge.svg', null),
    ]);
    expect(started.map((d) => d.name)).toEqual(['run-834acf10.zip']);
    const bytes = new Uint8Array((await started[0]?.blob.arrayBuffer()) ?? new ArrayBuffer(0));
    const text = new TextDecoder().decode(bytes);
    for (const name of ['run-834acf10.md', 'run-834acf10-chart-1.svg', 'run-834acf10-chart-2.svg']) expect(text).toContain(name);
    expect(text).not.toContain('huge.svg');
  });

  it('downloads a single file as itself', () => {
    const started = watchDownloads();
    downloadFiles([file('run-834acf10.md', '# Report')]);
    expect(started.map((d) => d.name)).toEqual(['run-834acf10.md']);
  });
});
