import { describe, expect, it } from 'vitest';
import { readLinkedFileInfo } from './readLinkedFileInfo';

const sha = 'AB'.repeat(32);
const hf = 'https://huggingface.co';
const hop = (url: string, headers: Record<string, string>): { url: URL; headers: Headers } => ({
  url: new URL(url),
  headers: new Headers(headers),
});

describe('readLinkedFileInfo', () => {
  it('takes X-Linked-Etag and X-Linked-Size from the Hugging Face redirect', () => {
    const info = readLinkedFileInfo(
      [hop(`${hf}/o/r/resolve/main/m.gguf`, { 'x-linked-etag': `"${sha}"`, 'x-linked-size': '1234' }), hop('https://cdn.example/x', {})],
      hf,
    );
    expect(info).toEqual({ sha256: sha.toLowerCase(), size: 1234 });
  });

  it('ignores CDN headers, git blob ids and weak ETags', () => {
    expect(readLinkedFileInfo([hop('https://cdn.example/x', { etag: `"${sha}"`, 'x-linked-size': '5' })], hf)).toEqual({});
    expect(readLinkedFileInfo([hop(`${hf}/x`, { etag: `"${'a'.repeat(40)}"` })], hf)).toEqual({});
    expect(readLinkedFileInfo([hop(`${hf}/x`, { etag: `W/"${sha}"` })], hf)).toEqual({});
  });
});
