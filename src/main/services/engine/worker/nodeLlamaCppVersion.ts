import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The installed node-llama-cpp version, recorded with every run for reproducibility. */
export function nodeLlamaCppVersion(): string {
  if (cached === undefined) {
    // Its package.json is not exported, so find it above the resolved entry point.
    let dir = path.dirname(fileURLToPath(import.meta.resolve('node-llama-cpp')));
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest)) {
        const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'node-llama-cpp' && pkg.version !== undefined) {
          cached = pkg.version;
          break;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) {
        cached = 'unknown';
        break;
      }
      dir = parent;
    }
  }
  return cached;
}
