import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './dataDir';

describe('dataDir', () => {
  it('uses EVALBENCH_HOME when set', () => {
    expect(dataDir({ EVALBENCH_HOME: '/srv/eb' }, 'linux')).toBe(path.resolve('/srv/eb'));
  });
  it('ignores a blank EVALBENCH_HOME', () => {
    expect(dataDir({ EVALBENCH_HOME: '  ' }, 'linux')).toBe(path.join(os.homedir(), '.config', 'Evalbench'));
  });
  it('follows XDG on Linux and the OS convention elsewhere, as Electron does', () => {
    expect(dataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(path.join('/x', 'Evalbench'));
    expect(dataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Evalbench'));
    expect(dataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\a\\AppData\\Roaming', 'Evalbench'));
  });
});
