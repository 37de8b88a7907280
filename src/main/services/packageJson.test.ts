import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
interface PackageJson {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  scripts?: Record<string, string>;
}
const read = (file: string): PackageJson => JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
const pkg = read(path.join(root, 'package.json'));

describe('package.json install decisions', () => {
  it('records, for every dependency with an install script, whether npm may run it (so installs are quiet and reviewed)', () => {
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
    const withScripts = names.filter((name) => {
      const file = path.join(root, 'node_modules', name, 'package.json');
      if (!fs.existsSync(file)) return false;
      const scripts = read(file).scripts ?? {};
      return ['preinstall', 'install', 'postinstall'].some((s) => s in scripts);
    });
    expect(withScripts).toContain('node-llama-cpp');
    for (const name of withScripts) expect(pkg.allowScripts, `allowScripts has no entry for ${name}`).toHaveProperty([name]);
  });

  it('asks for the Node.js the CLI and host need (Vite 8: 20.19+) and the one Electron 45’s installer needs (22.12+)', () => {
    const electron = read(path.join(root, 'node_modules', 'electron', 'package.json')).engines?.node ?? '';
    const vite = read(path.join(root, 'node_modules', 'vite', 'package.json')).engines?.node ?? '';
    expect(electron).toContain('22.12');
    expect(vite).toContain('20.19');
    expect(pkg.engines?.node).toBe('^20.19.0 || >=22.12.0');
  });
});
