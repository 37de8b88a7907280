import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureFixtures } from '../../main/services/gguf/fixtureCache';
import { skilledParamCount } from '../../main/services/gguf/skilled/skilledLlama';
import { FIXTURE_QUANTS, tinyLlamaParamCount } from '../../main/services/gguf/tinyLlama';
import { validateGguf } from '../../main/services/gguf/validateGguf';
import type { Command } from '../command';

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export const makeFixturesCommand: Command = {
  name: 'make-fixtures',
  summary: 'Write the deterministic tiny llama test models (F32, F16, Q8_0, Q4_0) as GGUF files.',
  usage: 'evalbench make-fixtures [--out DIR] [--bench | --skilled]',
  options: {
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder to write into (default .cache/fixtures in a checkout, else a temporary folder).',
    },
    bench: { type: 'boolean', description: 'Write the ~25M-parameter bench model instead of the ~150k-parameter test model.' },
    skilled: {
      type: 'boolean',
      description:
        'Write the trained skilled model (from resources/fixtures/skilled-llama.f32.bin) instead of the random-weight test model.',
    },
  },
  async run(values, _positionals, { stdout, stderr }) {
    const started = performance.now();
    // force: the command always writes; ensureFixtures renames into place, so running tests never see half a file.
    const set = await ensureFixtures({
      bench: values.bench === true,
      skilled: values.skilled === true,
      force: true,
      ...(typeof values.out === 'string' ? { dir: values.out } : {}),
    });
    const params = (set.size === 'skilled' ? skilledParamCount() : tinyLlamaParamCount(set.size)).toLocaleString('en-US');
    let failed = false;
    for (const quant of FIXTURE_QUANTS) {
      const file = set.files[quant];
      const { size } = await fs.stat(file);
      const relative = path.relative(process.cwd(), file);
      stdout.write(`${relative.startsWith('..') || path.isAbsolute(relative) ? file : relative}  ${formatSize(size)}  ${params} params\n`);
      const check = await validateGguf(file);
      for (const problem of check.problems) stderr.write(`  ${problem.severity}: ${problem.message}\n`);
      failed ||= !check.ok;
    }
    stdout.write(`Wrote ${FIXTURE_QUANTS.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
    return failed ? 1 : 0;
  },
};
