import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findKnownModelFolders, modelFolderCandidates } from './knownModelFolders';

let dir = '';
afterEach(() => {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

describe('model folders of other tools', () => {
  it('follows each tool’s own environment variables and per-OS defaults', () => {
    const linux = modelFolderCandidates({}, 'linux', '/home/u');
    expect(linux).toEqual(
      expect.arrayContaining([
        { source: 'LM Studio', path: '/home/u/.lmstudio/models' },
        { source: 'Hugging Face cache', path: '/home/u/.cache/huggingface/hub' },
        { source: 'llama.cpp cache', path: '/home/u/.cache/llama.cpp' },
      ]),
    );
    const custom = modelFolderCandidates({ HF_HOME: '/data/hf', LLAMA_CACHE: '/data/llama', XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u');
    expect(custom).toEqual(
      expect.arrayContaining([
        { source: 'Hugging Face cache', path: '/data/hf/hub' },
        { source: 'llama.cpp cache', path: '/data/llama' },
      ]),
    );
    expect(modelFolderCandidates({ HF_HUB_CACHE: '/hub' }, 'linux', '/home/u')).toContainEqual({
      source: 'Hugging Face cache',
      path: '/hub',
    });
    expect(modelFolderCandidates({}, 'darwin', '/Users/u')).toContainEqual({
      source: 'llama.cpp cache',
      path: '/Users/u/Library/Caches/llama.cpp',
    });
    expect(
      modelFolderCandidates({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u').find(
        (c) => c.source === 'llama.cpp cache',
      )?.path,
    ).toMatch(/AppData\\Local\\llama\.cpp$/);
  });

  it('lists the folders that exist, counting GGUF files (split models once, Hugging Face snapshot links too)', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-known-'));
    const hub = path.join(dir, 'hub');
    const snapshot = path.join(hub, 'models--org--repo', 'snapshots', 'abc');
    const blobs = path.join(hub, 'models--org--repo', 'blobs');
    fs.mkdirSync(snapshot, { recursive: true });
    fs.mkdirSync(blobs, { recursive: true });
    fs.writeFileSync(path.join(blobs, 'deadbeef'), 'GGUF');
    fs.symlinkSync(path.join(blobs, 'deadbeef'), path.join(snapshot, 'model-Q4_K_M.gguf'));
    fs.writeFileSync(path.join(snapshot, 'big-Q2_K-00001-of-00002.gguf'), 'GGUF');
    fs.writeFileSync(path.join(snapshot, 'big-Q2_K-00002-of-00002.gguf'), 'GGUF');
    fs.writeFileSync(path.join(snapshot, 'README.md'), '');
    const found = await findKnownModelFolders([
      { source: 'Hugging Face cache', path: hub },
      { source: 'LM Studio', path: path.join(dir, 'missing') },
    ]);
    expect(found).toEqual([{ source: 'Hugging Face cache', path: hub, ggufFiles: 2, countComplete: true }]);
  });
});
