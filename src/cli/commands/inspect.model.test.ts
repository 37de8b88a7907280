import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { writeVariant } from '../../main/services/gguf/testing/writeVariant';
import { runCli as run } from '../testing/runCli';

let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await ensureFixtures();
}, 60_000);

function cli(args: string[]) {
  return run(args, {});
}

function broken(name: string, damage: (file: string) => void): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-inspect-')), name);
  fs.copyFileSync(fixtures.files.q8_0, file);
  damage(file);
  return file;
}

describe('evalbench inspect', () => {
  it('prints the metadata a researcher compares by and exits 0 for a good file', async () => {
    const { code, out } = await cli(['inspect', fixtures.files.q4_0]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Quantization\s+Q4_0$/m);
    expect(out).toMatch(/^Architecture\s+llama$/m);
    expect(out).toMatch(/^Bits per weight\s+4\.\d\d$/m);
    expect(out).toContain('No problems found');
  });

  it('takes fixture: names as model files', async () => {
    const { code, out } = await cli(['inspect', 'fixture:tiny-llama-q8_0']);
    expect(code).toBe(0);
    expect(out).toContain('tiny-llama-q8_0');
    expect((await cli(['inspect', 'fixture:nope'])).code).toBe(2);
  });

  it('prints JSON that scripts can read', async () => {
    const { code, out } = await cli(['inspect', fixtures.files.f16, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { metadata: { fileType: string; parameterCount: number }; problems: unknown[] };
    expect(parsed.metadata.fileType).toBe('F16');
    expect(parsed.metadata.parameterCount).toBeGreaterThan(100_000);
    expect(parsed.problems).toEqual([]);
  });

  it('names the file and the problem for wrong magic, truncation, a missing tensor and a missing key, with exit 1', async () => {
    const wrongMagic = broken('magic.gguf', (f) => {
      const fd = fs.openSync(f, 'r+');
      fs.writeSync(fd, Buffer.from('XXXX'), 0, 4, 0);
      fs.closeSync(fd);
    });
    const truncated = broken('half.gguf', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)));
    const dir = path.dirname(truncated);
    const noTensor = await writeVariant(fixtures.files.f32, path.join(dir, 'no-tensor.gguf'), (_m, tensors) => {
      tensors.splice(
        tensors.findIndex((t) => t.name === 'blk.0.attn_k.weight'),
        1,
      );
    });
    const noKey = await writeVariant(fixtures.files.f32, path.join(dir, 'no-key.gguf'), (m) => m.delete('llama.feed_forward_length'));
    for (const [file, pattern] of [
      [wrongMagic, /error: magic\.gguf: .*(GGUF|magic)/i],
      [truncated, /error: half\.gguf: .*truncated/i],
      [noTensor, /error: no-tensor\.gguf: .*blk\.0\.attn_k\.weight/],
      [noKey, /error: no-key\.gguf: .*llama\.feed_forward_length.*abort/],
    ] as const) {
      const { code, out } = await cli(['inspect', file]);
      expect(code).toBe(1);
      expect(out).toMatch(pattern);
    }
  });

  it('explains a missing file or a missing argument', async () => {
    expect((await cli(['inspect', '/nowhere/x.gguf'])).err).toContain('No such file or folder');
    expect((await cli(['inspect'])).code).toBe(2);
  });
});

describe('evalbench make-fixtures', () => {
  it('writes the four tiny quantizations into the folder it is given, each passing inspection', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-make-'));
    const { code, out: printed } = await cli(['make-fixtures', '--out', out]);
    expect(code).toBe(0);
    const files = fs
      .readdirSync(out)
      .filter((f) => f.endsWith('.gguf'))
      .sort();
    expect(files).toEqual(['tiny-llama-f16.gguf', 'tiny-llama-f32.gguf', 'tiny-llama-q4_0.gguf', 'tiny-llama-q8_0.gguf']);
    for (const f of files) {
      expect(printed).toContain(f);
      expect((await cli(['inspect', path.join(out, f)])).code).toBe(0);
    }
    fs.rmSync(out, { recursive: true, force: true });
  });
});
