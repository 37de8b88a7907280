import { describe, expect, it } from 'vitest';
import { DownloadError } from './DownloadError';
import { resolveModelSource } from './resolveModelSource';

const noEnv = {};

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DownloadError) return `${error.reason}: ${error.message} ${error.hint ?? ''}`;
    throw error;
  }
  throw new Error('expected a DownloadError');
}

describe('resolveModelSource', () => {
  it('takes a plain https or http URL as one file named after its last path segment', () => {
    const https = resolveModelSource('  https://example.com/models/tiny%20model.Q4_0.gguf?download=1 ', { env: noEnv });
    expect(https.kind).toBe('url');
    expect(https.files).toEqual([
      { url: 'https://example.com/models/tiny%20model.Q4_0.gguf?download=1', fileName: 'tiny model.Q4_0.gguf' },
    ]);
    expect(resolveModelSource('http://127.0.0.1:8080/a.gguf', { env: noEnv }).files[0]?.fileName).toBe('a.gguf');
  });

  it('resolves hf: references to the resolve URL, with main as the default revision', () => {
    const source = resolveModelSource('hf:TheOrg/Tiny-Model_v1.5-GGUF/quant/tiny.Q8_0.gguf', { env: noEnv });
    expect(source.kind).toBe('huggingface');
    expect(source.files).toEqual([
      { url: 'https://huggingface.co/TheOrg/Tiny-Model_v1.5-GGUF/resolve/main/quant/tiny.Q8_0.gguf', fileName: 'tiny.Q8_0.gguf' },
    ]);
  });

  it('honours @REVISION, encoding one with slashes', () => {
    expect(resolveModelSource('hf:o/r/m.gguf@v1.0', { env: noEnv }).files[0]?.url).toBe('https://huggingface.co/o/r/resolve/v1.0/m.gguf');
    expect(resolveModelSource('hf:o/r/m.gguf@refs/pr/3', { env: noEnv }).files[0]?.url).toBe(
      'https://huggingface.co/o/r/resolve/refs%2Fpr%2F3/m.gguf',
    );
  });

  it('uses the endpoint option, else HF_ENDPOINT, else huggingface.co', () => {
    const fromEnv = resolveModelSource('hf:o/r/m.gguf', { env: { HF_ENDPOINT: 'http://127.0.0.1:9999/' } });
    expect(fromEnv.files[0]?.url).toBe('http://127.0.0.1:9999/o/r/resolve/main/m.gguf');
    const fromOption = resolveModelSource('hf:o/r/m.gguf', {
      endpoint: 'https://mirror.example/hf',
      env: { HF_ENDPOINT: 'http://ignored' },
    });
    expect(fromOption.files[0]?.url).toBe('https://mirror.example/hf/o/r/resolve/main/m.gguf');
    expect(fromOption.huggingFaceOrigin).toBe('https://mirror.example');
  });

  it('expands any part of a split GGUF to every part, part 1 first', () => {
    const hf = resolveModelSource('hf:o/r/big/Big-Q4_K_M-00002-of-00003.gguf@abc123', { env: noEnv });
    expect(hf.files.map((f) => f.fileName)).toEqual([
      'Big-Q4_K_M-00001-of-00003.gguf',
      'Big-Q4_K_M-00002-of-00003.gguf',
      'Big-Q4_K_M-00003-of-00003.gguf',
    ]);
    expect(hf.files[2]?.url).toBe('https://huggingface.co/o/r/resolve/abc123/big/Big-Q4_K_M-00003-of-00003.gguf');
    const url = resolveModelSource('https://cdn.example/m/x-00001-of-00002.gguf?sig=1', { env: noEnv });
    expect(url.files.map((f) => f.url)).toEqual([
      'https://cdn.example/m/x-00001-of-00002.gguf?sig=1',
      'https://cdn.example/m/x-00002-of-00002.gguf?sig=1',
    ]);
    expect(reasonOf(() => resolveModelSource('hf:o/r/x-00004-of-00003.gguf', { env: noEnv }))).toMatch(/^bad_reference: .*part 4 of 3/);
  });

  it('turns a Hugging Face page link (/blob/) into the file link (/resolve/)', () => {
    const source = resolveModelSource('https://huggingface.co/o/r/blob/main/m.gguf', { env: noEnv });
    expect(source.kind).toBe('huggingface');
    expect(source.files[0]?.url).toBe('https://huggingface.co/o/r/resolve/main/m.gguf');
  });

  it('sends the token only to the Hugging Face origin, and never exposes it as data', () => {
    const source = resolveModelSource('hf:o/r/m.gguf', { endpoint: 'http://127.0.0.1:4000', env: { HF_TOKEN: 'hf_secret' } });
    expect(source.hasToken).toBe(true);
    expect(source.headersFor('http://127.0.0.1:4000/o/r/resolve/main/m.gguf')).toEqual({ authorization: 'Bearer hf_secret' });
    expect(source.headersFor('http://127.0.0.1:4001/cdn/m.gguf')).toEqual({});
    expect(source.headersFor('http://localhost:4000/m.gguf')).toEqual({});
    expect(JSON.stringify(source)).not.toContain('hf_secret');
    const explicit = resolveModelSource('hf:o/r/m.gguf', { token: 'hf_option', env: { HF_TOKEN: 'hf_env' } });
    expect(explicit.headersFor('https://huggingface.co/x')).toEqual({ authorization: 'Bearer hf_option' });
    expect(resolveModelSource('hf:o/r/m.gguf', { env: { HF_TOKEN: '  ' } }).hasToken).toBe(false);
  });

  it('explains the expected form for malformed references', () => {
    const form = /hf:OWNER\/REPO\/path\/to\/model\.gguf/;
    expect(reasonOf(() => resolveModelSource('', { env: noEnv }))).toMatch(form);
    expect(reasonOf(() => resolveModelSource('hf:owner-only.gguf', { env: noEnv }))).toMatch(/OWNER\/REPO/);
    expect(reasonOf(() => resolveModelSource('hf:o/r', { env: noEnv }))).toMatch(/no file/);
    expect(reasonOf(() => resolveModelSource('hf:o/r/readme.md', { env: noEnv }))).toMatch(/\.gguf/);
    expect(reasonOf(() => resolveModelSource('hf:o/r/m.gguf@', { env: noEnv }))).toMatch(/after the @|follows the @/);
    expect(reasonOf(() => resolveModelSource('hf:o/r/../m.gguf', { env: noEnv }))).toMatch(/"\.\."/);
    expect(reasonOf(() => resolveModelSource('ftp://example.com/m.gguf', { env: noEnv }))).toMatch(form);
    expect(reasonOf(() => resolveModelSource('https://example.com/download?id=3', { env: noEnv }))).toMatch(/fileName/);
    expect(reasonOf(() => resolveModelSource('https://user:pw@example.com/m.gguf', { env: noEnv }))).toMatch(/password/);
    expect(reasonOf(() => resolveModelSource('hf:o/r/m.gguf', { env: { HF_ENDPOINT: 'not a url' } }))).toMatch(/HF_ENDPOINT/);
    expect(reasonOf(() => resolveModelSource('https://example.com/a%2F..%2Fb.gguf', { env: noEnv }))).toMatch(/path separator/);
  });

  it('saves under the fileName option when the URL has no .gguf name', () => {
    const source = resolveModelSource('https://example.com/download?id=3', { env: noEnv, fileName: 'tiny.gguf' });
    expect(source.files).toEqual([{ url: 'https://example.com/download?id=3', fileName: 'tiny.gguf' }]);
  });
});
