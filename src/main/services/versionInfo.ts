import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './appPaths';

let cached: { name: string; version: string } | undefined;

/** Name and version from Evalbench's package.json (works from src/ and out/). */
export function versionInfo(): { name: string; version: string } {
  if (cached) return cached;
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  cached = { name: 'Evalbench', version: pkg.version ?? '0.0.0' };
  return cached;
}
