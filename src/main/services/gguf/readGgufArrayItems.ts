import path from 'node:path';
import { formatBytes } from './ggufProblem';
import { openRegularFile } from './openRegularFile';
import type { GgufFixedItemType, GgufLazyArray } from './ggufValue';

const SIZES: Readonly<Record<GgufFixedItemType, number>> = {
  u8: 1,
  i8: 1,
  bool: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  f32: 4,
  u64: 8,
  i64: 8,
  f64: 8,
};

/** The most items one call reads (a check asks for what it needs: the token types of a vocabulary). */
export const MAX_ITEMS_PER_READ = 8 * 1024 * 1024;

function item(view: DataView, type: GgufFixedItemType, at: number): number | bigint | boolean {
  switch (type) {
    case 'u8':
      return view.getUint8(at);
    case 'i8':
      return view.getInt8(at);
    case 'bool':
      return view.getUint8(at) !== 0;
    case 'u16':
      return view.getUint16(at, true);
    case 'i16':
      return view.getInt16(at, true);
    case 'u32':
      return view.getUint32(at, true);
    case 'i32':
      return view.getInt32(at, true);
    case 'f32':
      return view.getFloat32(at, true);
    case 'f64':
      return view.getFloat64(at, true);
    case 'u64':
      return view.getBigUint64(at, true);
    case 'i64':
      return view.getBigInt64(at, true);
    default:
      return type satisfies never;
  }
}

/**
 * Items `first` to `first + count - 1` of an array the header reader left in the file
 * (GgufLazyArray), read on demand. Throws when the range is outside the array or too long to hold.
 */
export async function readGgufArrayItems(
  filePath: string,
  array: GgufLazyArray,
  first: number,
  count: number,
): Promise<(number | bigint | boolean)[]> {
  const label = path.basename(filePath);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0 || first + count > array.count) {
    throw new RangeError(
      `${label}: items ${first}…${first + count - 1} of an array of ${formatBytes(array.count)} ${array.itemType} items do not exist.`,
    );
  }
  if (count > MAX_ITEMS_PER_READ)
    throw new RangeError(
      `${label}: reading ${formatBytes(count)} array items at once is more than the ${formatBytes(MAX_ITEMS_PER_READ)} Evalbench holds.`,
    );
  const size = SIZES[array.itemType];
  const bytes = Buffer.alloc(count * size);
  const { handle } = await openRegularFile(filePath);
  try {
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, array.offset + first * size);
    if (bytesRead !== bytes.length)
      throw new Error(`${label}: the file ends inside an array's items (it changed since its header was read?).`);
  } finally {
    await handle.close();
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, i) => item(view, array.itemType, i * size));
}
