// Where the Electron binary is, without triggering electron's own lazy download (which
// throws with a stack trace where its download host cannot be reached).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** @returns {string | null} the Electron executable, or null when none is on this machine */
export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'))
    : relative !== null
      ? path.join(packageDir, 'dist', relative)
      : null;
  return candidate !== null && fs.existsSync(candidate) ? candidate : null;
}

/** The script that downloads the binary into node_modules/electron, or null. */
export function electronInstallScript() {
  try {
    return path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return null;
  }
}
