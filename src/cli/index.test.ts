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
    for (const args of [['serve', '--help'], ['help', 'serve']]) {
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
});
