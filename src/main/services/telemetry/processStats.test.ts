import { describe, expect, it } from 'vitest';
import { parseProcStat, readProcess } from './processStats';

describe('process statistics', () => {
  it('parses /proc/<pid>/stat even when the command name has spaces and parentheses', () => {
    const fields = [
      'S',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '250',
      '50',
      '0',
      '0',
      '20',
      '0',
      '1',
      '0',
      '100',
      '123456',
      '2560',
    ];
    const reading = parseProcStat(42, `42 (node (worker) x) ${fields.join(' ')}`);
    expect(reading).toEqual({ pid: 42, cpuSeconds: 3, rssBytes: 2560 * 4096 });
  });

  it('reads this very process, and null for one that does not exist', async () => {
    const me = await readProcess(process.pid);
    expect(me?.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(me?.cpuSeconds).toBeGreaterThan(0);
    expect(await readProcess(2 ** 22 + 12345)).toBeNull();
  });
});
