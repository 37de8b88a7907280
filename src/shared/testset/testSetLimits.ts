import type { TestSetFormat } from './TestSetLoadResult';

const MiB = 1024 * 1024;

/**
 * The largest test set Evalbench reads, per format. YAML costs far more per byte than JSONL (the
 * `yaml` package keeps a node, a range and tokens per value and per line: 8 MiB of YAML took
 * ~480 MB of heap to validate, and a 30 MB one 1.2 GB), so its limit is lower; JSONL is read a
 * line at a time. The line limits bound files of blank or tiny lines, which cost per line, not per
 * byte (10 MB of blank lines took 69 s). Both keep a validation to seconds and a few hundred MB;
 * bigger suites are split into several test sets, or written as JSONL.
 */
export const TEST_SET_LIMITS: Readonly<Record<TestSetFormat, { bytes: number; lines: number }>> = {
  yaml: { bytes: 4 * MiB, lines: 100_000 },
  jsonl: { bytes: 16 * MiB, lines: 500_000 },
};

/** How deeply values may nest (objects in lists in objects…): far beyond any real test case, far below the stack. */
export const MAX_NESTING = 64;

/** Characters a YAML text may expand to once its aliases (`*name`) are replaced by what they point at. */
export const MAX_YAML_EXPANDED = 64 * MiB;

function formatSize(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

/** How to get under the limit, for the format. */
function splitHint(format: TestSetFormat): string {
  return format === 'yaml'
    ? `Split it into several test sets of at most ${formatSize(TEST_SET_LIMITS.yaml.bytes)} each, or write the cases as JSONL (one case per line, up to ${formatSize(TEST_SET_LIMITS.jsonl.bytes)}).`
    : `Split it into several JSONL test sets of at most ${formatSize(TEST_SET_LIMITS.jsonl.bytes)} and ${TEST_SET_LIMITS.jsonl.lines.toLocaleString('en-US')} lines each.`;
}

/** Why a test set of this size (bytes, or lines when known) is refused, or null when it is within the limits. */
export function testSetTooLarge(
  file: string,
  format: TestSetFormat,
  size: { bytes: number; lines?: number },
): { message: string; hint: string } | null {
  const limit = TEST_SET_LIMITS[format];
  const name = format === 'yaml' ? 'YAML' : 'JSONL';
  if (size.bytes > limit.bytes) {
    return {
      message: `${file} is ${formatSize(size.bytes)}, more than the ${formatSize(limit.bytes)} Evalbench reads in a ${name} test set.`,
      hint: splitHint(format),
    };
  }
  if (size.lines !== undefined && size.lines > limit.lines) {
    return {
      message: `${file} has more than ${limit.lines.toLocaleString('en-US')} lines, the most Evalbench reads in a ${name} test set.`,
      hint: splitHint(format),
    };
  }
  return null;
}

/** Lines in a text, counting `\n`, `\r\n` and a lone `\r` each as one line break; stops counting past `max`. */
export function countLines(text: string, max: number): number {
  let lines = 1;
  for (let i = 0; i < text.length && lines <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  return lines;
}

/**
 * The text with every lone `\r` (old Mac line endings) made a `\n`: YAML counts all three kinds
 * of line break, and so do editors, but the parsers here split on `\n`. The length, and so every
 * offset, stays the same.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The depth of the first place a JSON text nests deeper than `max` (its offset), or null. Linear, no recursion. */
export function jsonTooDeep(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return null;
}
