#!/usr/bin/env node
// `npm start`: build, then open the desktop app; where Electron cannot run here, serve the same
// UI to a browser instead. Arguments after `--` go to `evalbench serve` in that case.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronInstallScript, findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOWNLOAD_TIMEOUT_MS = 120_000;
const EARLY_EXIT_MS = 5_000;

function build() {
  if (process.env.EVALBENCH_SKIP_BUILD === '1') return;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error('Building Evalbench failed (see above); fix the build, then run `npm start` again.');
    process.exit(result.status ?? 1);
  }
}

/** Electron's binary is fetched on first use; try once, quietly, with a time limit. */
function obtainElectron() {
  const existing = findElectronBinary();
  if (existing !== null) return existing;
  const installer = electronInstallScript();
  if (installer === null) return null;
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: DOWNLOAD_TIMEOUT_MS });
  return findElectronBinary();
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function serveInstead(reason) {
  console.log(`${reason}, so Evalbench is served to your browser instead.`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'evalbench.js'), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

build();
const electron = obtainElectron();
if (electron === null) {
  serveInstead("Electron's binary is not installed and could not be downloaded (no network to its download host)");
} else if (!hasDisplay()) {
  serveInstead('There is no display to open the desktop window on');
} else {
  const startedAt = Date.now();
  const child = spawn(electron, [root], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => {
    if (code !== 0 && Date.now() - startedAt < EARLY_EXIT_MS) {
      const firstLine = stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${code}`;
      serveInstead(`The desktop app could not start here (${firstLine.trim()})`);
    } else {
      process.exit(code ?? 0);
    }
  });
}
