import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evalbenchPlugin } from './noImportCycle.mjs';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-cycle-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function cycleMessages(file: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: dir });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { evalbench: evalbenchPlugin },
      rules: { 'evalbench/no-import-cycle': 'error' },
    },
  ];
  return linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file }).map((m) => m.message);
}

describe('no-import-cycle', () => {
  it('reports a cycle made only of type imports, naming each file on the way', () => {
    const a = write('a.ts', "import type { B } from './b';\nexport interface A { b: B }\n");
    write('b.ts', "import type { C } from './sub/c';\nexport interface B { c: C }\n");
    write('sub/c.ts', "import type { A } from '../a';\nexport interface C { a?: A }\n");
    expect(cycleMessages(a)).toEqual([
      'Import cycle: a.ts → b.ts → sub/c.ts → a.ts. Move what both sides share into a leaf module that imports neither.',
    ]);
  });

  it('reports a re-export that closes a cycle', () => {
    const a = write('a.ts', "export { b } from './b';\nexport const a = 1;\n");
    write('b.ts', "import { a } from './a';\nexport const b = a + 1;\n");
    expect(cycleMessages(a)).toHaveLength(1);
  });

  it('accepts a graph with a shared leaf module and ignores dynamic imports and packages', () => {
    write('leaf.ts', 'export interface Shared { id: string }\n');
    const a = write(
      'a.ts',
      "import type { Shared } from './leaf';\nimport { b } from './b';\nimport ts from 'typescript';\nexport const a = (s: Shared) => b(s) + String(ts.version);\n",
    );
    write(
      'b.ts',
      "import type { Shared } from './leaf';\nexport const b = (s: Shared) => s.id;\nexport const later = () => import('./a');\n",
    );
    expect(cycleMessages(a)).toEqual([]);
  });
});
