import os from 'node:os';
import path from 'node:path';

/**
 * The per-user folder that holds the store and caches. Matches Electron's `userData` for an app
 * named "Evalbench", so the desktop app and `evalbench serve` share one library.
 * `EVALBENCH_HOME` overrides it (tests always set it to a temporary folder).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.EVALBENCH_HOME;
  if (override !== undefined && override.trim() !== '') return path.resolve(override);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Evalbench');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Evalbench');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Evalbench');
  }
}
