/** GGUF metadata value type ids, as stored in the file. */
export const GgufValueTypeId = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

/** A GGUF value type by name (`u32`, `string`, `array`, …). */
export type GgufValueTypeName = keyof typeof GgufValueTypeId;
/** Value types carried as a JS number. */
export type GgufNumberType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64';
/** 64-bit integer value types, carried as a bigint so no value is rounded. */
export type GgufBigIntType = 'u64' | 'i64';

/** Item types of a fixed size: an array of them can be left in the file (GgufLazyArray). */
export type GgufFixedItemType = GgufNumberType | GgufBigIntType | 'bool';

/**
 * An array of fixed-size items too long to read up front: its item type, its count and where its
 * items start in the file. The reader leaves such arrays (over a million items; no real model has
 * one) in the file, because a 256 Mi-item array read as JS values takes gigabytes or kills the
 * process ("invalid size"); readGgufArrayItems reads the items a check needs.
 */
export interface GgufLazyArray {
  type: 'array';
  itemType: GgufFixedItemType;
  lazy: true;
  count: number;
  /** Absolute position of the first item in the file. */
  offset: number;
}

/** A GGUF array: items of one type. Arrays of arrays occur in the spec and are read, rarely written. */
export type GgufArrayValue =
  | { type: 'array'; itemType: GgufNumberType; value: readonly number[]; lazy?: false }
  | { type: 'array'; itemType: GgufBigIntType; value: readonly bigint[]; lazy?: false }
  | { type: 'array'; itemType: 'bool'; value: readonly boolean[]; lazy?: false }
  | { type: 'array'; itemType: 'string'; value: readonly string[]; lazy?: false }
  | { type: 'array'; itemType: 'array'; value: readonly GgufArrayValue[]; lazy?: false }
  | GgufLazyArray;

/** How many items an array holds, read or left in the file. */
export function ggufArrayLength(value: GgufArrayValue): number {
  return value.lazy === true ? value.count : value.value.length;
}

/** One metadata value with its GGUF type, so a written file says exactly `u32` rather than "a number". */
export type GgufValue =
  | { type: GgufNumberType; value: number }
  | { type: GgufBigIntType; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | GgufArrayValue;

/** Metadata in file order. */
export type GgufMetadata = ReadonlyMap<string, GgufValue>;

/** Builders for metadata values: `ggufValue.u32(64)`, `ggufValue.strings(['<unk>'])`. */
export const ggufValue = {
  u8: (value: number): GgufValue => ({ type: 'u8', value }),
  i8: (value: number): GgufValue => ({ type: 'i8', value }),
  u16: (value: number): GgufValue => ({ type: 'u16', value }),
  i16: (value: number): GgufValue => ({ type: 'i16', value }),
  u32: (value: number): GgufValue => ({ type: 'u32', value }),
  i32: (value: number): GgufValue => ({ type: 'i32', value }),
  f32: (value: number): GgufValue => ({ type: 'f32', value }),
  f64: (value: number): GgufValue => ({ type: 'f64', value }),
  u64: (value: bigint): GgufValue => ({ type: 'u64', value }),
  i64: (value: bigint): GgufValue => ({ type: 'i64', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  numbers: (itemType: GgufNumberType, value: readonly number[]): GgufValue => ({ type: 'array', itemType, value }),
  bigints: (itemType: GgufBigIntType, value: readonly bigint[]): GgufValue => ({ type: 'array', itemType, value }),
  bools: (value: readonly boolean[]): GgufValue => ({ type: 'array', itemType: 'bool', value }),
  strings: (value: readonly string[]): GgufValue => ({ type: 'array', itemType: 'string', value }),
} as const;

/** The value as a plain number when it is a scalar integer or float (u64/i64 included when safe). */
export function ggufNumber(value: GgufValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  switch (value.type) {
    case 'u64':
    case 'i64':
      return value.value <= BigInt(Number.MAX_SAFE_INTEGER) && value.value >= -BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value.value)
        : undefined;
    case 'bool':
    case 'string':
    case 'array':
      return undefined;
    default:
      return value.value;
  }
}

/** Short type label for messages: `u32`, `string`, `array of string`. */
export function ggufTypeLabel(value: GgufValue): string {
  return value.type === 'array' ? `array of ${value.itemType}` : value.type;
}
