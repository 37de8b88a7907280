import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore, type SecretCipher } from './ApiKeyStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-keys-'));
  dirs.push(dir);
  return dir;
}

/** Stands in for the keychain: reversible, and nothing like the plain text. */
const cipher = (available = true): SecretCipher => ({
  isAvailable: () => Promise.resolve(available),
  encrypt: (plain) => Promise.resolve(Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a))),
  decrypt: (encrypted) => Promise.resolve(Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString('utf8')),
});

describe('ApiKeyStore', () => {
  it('names a damaged key file instead of throwing a bare parse error, and leaves the file as it was', async () => {
    const dir = home();
    const file = path.join(dir, 'api-keys.json');
    fs.writeFileSync(file, '{ "vLLM box": "AAA', 'utf8');
    const keys = new ApiKeyStore(dir, cipher());
    expect(() => keys.list()).toThrow(/stored API keys in .*api-keys\.json cannot be read/);
    await expect(keys.set('openai', 'sk-1')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "vLLM box": "AAA');
  });

  it('keeps keys encrypted on disk, readable by the user only, and gives them back by name', async () => {
    const dir = home();
    const keys = new ApiKeyStore(dir, cipher());
    await keys.set('vLLM box', '  sk-live-123  ');
    await keys.set('openai', 'sk-other');
    expect(keys.list()).toEqual(['openai', 'vLLM box']);
    expect(await keys.get('vLLM box')).toBe('sk-live-123');
    const file = path.join(dir, 'api-keys.json');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('sk-live-123');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    keys.remove('openai');
    expect(new ApiKeyStore(dir, cipher()).list()).toEqual(['vLLM box']);
    expect(await keys.get('openai')).toBeNull();
  });

  it('stores nothing without a keychain, and says to use an environment variable instead', async () => {
    const dir = home();
    await expect(new ApiKeyStore(dir, null).set('k', 'sk-1')).rejects.toThrow(/only in the desktop app/);
    await expect(new ApiKeyStore(dir, cipher(false)).set('k', 'sk-1')).rejects.toThrow(/keychain is not available/);
    expect(fs.existsSync(path.join(dir, 'api-keys.json'))).toBe(false);
  });

  it('refuses names and keys that cannot work', async () => {
    const keys = new ApiKeyStore(home(), cipher());
    await expect(keys.set('../etc', 'sk-1')).rejects.toThrow(/cannot name an API key/);
    await expect(keys.set('ok', 'sk 1\n')).rejects.toThrow(/characters an HTTP header cannot carry/);
  });
});
