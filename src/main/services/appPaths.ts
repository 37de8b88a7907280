import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's folder: the one whose package.json names `evalbench`, above this module. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'evalbench') {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Evalbench's package.json above ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

/** Built artefacts, wherever the bundler put the module asking. */
export const builtPaths = {
  renderer: (): string => path.join(packageRoot(), 'out', 'renderer'),
  worker: (): string => path.join(packageRoot(), 'out', 'main', 'worker.js'),
  summaryWorker: (): string => path.join(packageRoot(), 'out', 'main', 'summaryWorker.js'),
  testSetWorker: (): string => path.join(packageRoot(), 'out', 'main', 'testSetWorker.js'),
  /** The scoring sandbox's process (tests and benches point EVALBENCH_SCORER_SANDBOX at their own build). */
  scorerSandbox: (): string => process.env.EVALBENCH_SCORER_SANDBOX ?? path.join(packageRoot(), 'out', 'main', 'scorerSandbox.js'),
};
