// Here rather than beside zipStored.ts: the check uses Node's zlib, which src/shared may not import.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zipStored } from '../../../shared/zipStored';

/** Reads a zip back from its central directory, the way an unzip tool finds the files. */
function readZip(zip: Uint8Array): { name: string; text: string; crc: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    files.push({ name, text: new TextDecoder().decode(zip.subarray(dataAt, dataAt + size)), crc });
    at += 46 + nameLength;
  }
  return files;
}

describe('zipStored', () => {
  it('computes the CRC-32 zip uses (the same as zlib’s)', () => {
    const bytes = new TextEncoder().encode('The capital of France is Paris. ✓');
    expect(crc32(bytes)).toBe(zlib.crc32(bytes));
  });

  it('puts every file in one archive, found by its central directory, names in UTF-8 and bytes intact', () => {
    const encode = (s: string) => new TextEncoder().encode(s);
    const zip = zipStored(
      [
        { name: 'report.md', text: '# Report\n![chart](chart-1.svg)\n' },
        { name: 'chart-1.svg', text: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
        { name: 'naïve.txt', text: '' },
      ].map((f) => ({ name: f.name, bytes: encode(f.text) })),
    );
    const files = readZip(zip);
    expect(files.map((f) => [f.name, f.text])).toEqual([
      ['report.md', '# Report\n![chart](chart-1.svg)\n'],
      ['chart-1.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      ['naïve.txt', ''],
    ]);
    for (const f of files) expect(f.crc).toBe(zlib.crc32(encode(f.text)));
  });
});
