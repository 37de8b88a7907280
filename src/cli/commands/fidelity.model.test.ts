import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureSet } from '../../main/services/gguf/fixtureCache';
import { runCli as run } from '../testing/runCli';

let fixtures: FixtureSet;
let textFile: string;
beforeAll(async () => {
  fixtures = await ensureFixtures();
  textFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-fid-')), 'text.txt');
  fs.writeFileSync(textFile, 'The market opened early and the river carried boats of fish and bread to the town. '.repeat(30));
}, 60_000);

function cli(args: string[]) {
  return run(args, { EVALBENCH_WORKER_SCRIPT: process.env.EVALBENCH_TEST_WORKER ?? '' });
}

describe('evalbench fidelity', () => {
  it('prints perplexity, KLD, Δp and same-top figures for each candidate', async () => {
    const { code, out } = await cli([
      'fidelity',
      '--reference',
      fixtures.files.f32,
      fixtures.files.q8_0,
      '--candidate',
      fixtures.files.q4_0,
      '--text',
      textFile,
      '--ctx',
      '64',
      '--chunks',
      '3',
      '--threads',
      '1',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^tiny-llama-q8_0\.gguf \(93 scored positions\)$/m);
    expect(out).toMatch(/^ {2}Mean KLD {13}\d\.\d{6} ± \d\.\d{6}$/m);
    expect(out).toMatch(/^ {2}Same top p {11}\d+\.\d{3} ± \d+\.\d{3} %$/m);
    expect(out).toContain('tiny-llama-q4_0.gguf');
  }, 60_000);

  it('names --ctx when the text is shorter than the chunk asked for, and refuses an odd --ctx before loading', async () => {
    const short = await cli([
      'fidelity',
      '--reference',
      fixtures.files.q8_0,
      fixtures.files.q4_0,
      '--text',
      textFile,
      '--ctx',
      '4096',
      '--threads',
      '1',
    ]);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/fewer than one chunk of 4096\. Give more text, or a smaller --ctx\./);
    const odd = await cli(['fidelity', '--reference', fixtures.files.q8_0, fixtures.files.q4_0, '--text', textFile, '--ctx', '63']);
    expect(odd.code).toBe(2);
    expect(odd.err).toContain('--ctx must be an even number of at least 16, got 63.');
  }, 60_000);

  it('refuses a broken model file before loading anything, and says what is required', async () => {
    const broken = path.join(path.dirname(textFile), 'broken.gguf');
    fs.writeFileSync(broken, 'not a gguf file at all');
    const bad = await cli(['fidelity', '--base', broken, '--candidate', fixtures.files.q4_0, '--text', textFile]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/broken\.gguf/);
    expect((await cli(['fidelity', '--base', fixtures.files.f32])).code).toBe(2);
  });

  it('takes fixture: names wherever it takes a model file', async () => {
    const { code, out, err } = await cli([
      'fidelity',
      '--reference',
      'fixture:tiny-llama-f32',
      'fixture:tiny-llama-q4_0',
      '--text',
      textFile,
      '--ctx',
      '64',
      '--chunks',
      '1',
      '--threads',
      '1',
    ]);
    expect(err).not.toContain('ENOENT');
    expect(code).toBe(0);
    expect(out).toContain('tiny-llama-q4_0.gguf');
    const unknown = await cli(['fidelity', '--reference', 'fixture:tiny-llama-f64', fixtures.files.q4_0, '--text', textFile]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown fixture "tiny-llama-f64"');
  }, 60_000);
});
