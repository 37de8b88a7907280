/** What kind of problem a GGUF check found. Stable: the UI and tests switch on these. */
export type GgufProblemCode =
  | 'file-unreadable'
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated-header'
  | 'corrupt-header'
  | 'bad-alignment'
  | 'unknown-tensor-type'
  | 'bad-tensor-shape'
  | 'tensor-offset'
  | 'tensor-out-of-bounds'
  | 'missing-key'
  | 'wrong-key-type'
  | 'bad-key-value'
  | 'bad-vocabulary'
  | 'missing-tensor'
  | 'unexpected-tensor'
  | 'unchecked';

/**
 * One finding about a GGUF file. Errors mean llama.cpp would refuse the file (or, for some, abort
 * the whole process); warnings mean it loads but misbehaves, or that a check could not be made.
 */
export interface GgufProblem {
  code: GgufProblemCode;
  severity: 'error' | 'warning';
  /** Names the file and what is wrong, e.g. `tiny.gguf: tensor "blk.0.ffn_up.weight" data ends at byte 91,234 but the file has 88,000 bytes`. */
  message: string;
  /** What to do about it. */
  hint: string;
}

/** `88000` → `88,000`, the way sizes appear in messages. */
export function formatBytes(value: number | bigint): string {
  return value.toLocaleString('en-US');
}
