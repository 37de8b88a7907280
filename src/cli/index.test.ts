import { describe, expect, it } from 'vitest';
import { runCli as run } from './testing/runCli';

function runCli(args: string[]) {
  return run(args, { EVALBENCH_HOME: '/nonexistent-evalbench-test' });
}

describe('evalbench command line', () => {
  it('lists every command in --help', async () => {
    const { code, out } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\s+serve\s+Start the workbench/m);
    expect(out).toContain('EVALBENCH_HOME');
  });

  it('describes every option of serve', async () => {
    for (const args of [
      ['serve', '--help'],
      ['help', 'serve'],
    ]) {
      const { code, out } = await runCli(args);
      expect(code).toBe(0);
      for (const flag of ['--port N', '--host ADDR', '--no-open', '--help']) expect(out).toContain(flag);
    }
  });

  it('rejects an unknown command with exit 2 and the list of commands', async () => {
    const { code, err } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('Unknown command "frobnicate"');
    expect(err).toContain('serve');
  });

  it('rejects a bad option value or an unknown option with exit 2 and the usage', async () => {
    const bad = await runCli(['serve', '--port', '99999']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--port must be a whole number');
    const unknown = await runCli(['serve', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Usage: evalbench serve');
  });

  it('suggests the closest command and option, and says which options need or refuse a value', async () => {
    const command = await runCli(['rnu']);
    expect(command.code).toBe(2);
    expect(command.err).toContain('Did you mean "run"?');
    const option = await runCli(['run', '--jsno']);
    expect(option.code).toBe(2);
    expect(option.err).toContain('unknown option --jsno. Did you mean --json?');
    // node's own message had an unbalanced quote; ours has none.
    expect(option.err.split('\n')[0]?.split("'").length ?? 0).toBe(3);
    const missing = await runCli(['run', 'x.yaml', '--out']);
    expect(missing.err).toContain('--out needs a value: --out DIR.');
    const switchWithValue = await runCli(['run', 'x.yaml', '--json=yes']);
    expect(switchWithValue.err).toContain('--json is a switch and takes no value');
  });

  it('lists the exit codes in --help and in every command’s help', async () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const { out } = await runCli(args);
      expect(out).toContain('Exit codes:');
      expect(out).toMatch(/^\s+2\s+the command was called wrongly/m);
      expect(out).toMatch(/^\s+130\s+/m);
    }
  });
});
