import fs from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
}

/**
 * Maps a request path to a file inside `root`, or null. Never leaves `root` (no `..`, no
 * absolute paths, no symlink escapes); unknown paths without an extension get index.html so the
 * app's own navigation works after a reload.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const realRoot = fs.realpathSync(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = path.resolve(realRoot, relative);
  if (!isInside(realRoot, candidate)) return null;
  let file = candidate;
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(relative) !== '') return null;
    file = path.join(realRoot, 'index.html');
  }
  const real = fs.realpathSync(file);
  if (!isInside(realRoot, real)) return null;
  return { file: real, contentType: MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
