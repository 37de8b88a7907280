import { describe, expect, it } from 'vitest';
import { decodeCpus } from './decodeLoopAddon';

describe('EVALBENCH_DECODE_CPUS', () => {
  it('reads a list of CPU numbers, and leaves decoding unpinned when unset', () => {
    expect(decodeCpus(undefined)).toEqual({ cpus: undefined });
    expect(decodeCpus('')).toEqual({ cpus: undefined });
    expect(decodeCpus('1')).toEqual({ cpus: [1] });
    expect(decodeCpus('0,2')).toEqual({ cpus: [0, 2] });
  });

  it('says what is wrong with anything else (the load then records it and uses node-llama-cpp’s loop)', () => {
    for (const value of ['0-3', 'one', '1,', ' 1', '-1'])
      expect(decodeCpus(value)).toEqual({ note: `EVALBENCH_DECODE_CPUS=${value} is not a list of CPU numbers such as 1 or 0,2` });
  });
});
