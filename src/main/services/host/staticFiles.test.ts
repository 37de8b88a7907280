import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticFile } from './staticFiles';

let root = '';
let outside = '';
beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-static-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
});
afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

describe('resolveStaticFile', () => {
  it('serves index.html for / and for app routes without an extension', () => {
    expect(resolveStaticFile(root, '/')?.file).toBe(fs.realpathSync(path.join(root, 'index.html')));
    expect(resolveStaticFile(root, '/models')?.contentType).toMatch(/^text\/html/);
  });
  it('serves assets with their content type', () => {
    expect(resolveStaticFile(root, '/assets/app.js')?.contentType).toMatch(/^text\/javascript/);
  });
  it('never leaves the root', () => {
    expect(resolveStaticFile(root, '/../secret.txt')).toBeNull();
    expect(resolveStaticFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStaticFile(root, '/assets/link.txt')).toBeNull();
    expect(resolveStaticFile(root, '/%00')).toBeNull();
    expect(resolveStaticFile(root, '/%E0%A4%A')).toBeNull();
  });
  it('answers missing files with an extension as not found', () => {
    expect(resolveStaticFile(root, '/assets/missing.js')).toBeNull();
  });
});
