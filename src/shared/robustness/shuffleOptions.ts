import type { Random } from './perturbText';

/** A run of multiple-choice option lines found in a text: `A) …`, `(B) …`, `C. …`, `D: …`. */
export interface OptionBlock {
  /** UTF-16 offset of the first option line and of the end of the last one. */
  start: number;
  end: number;
  /** The labels in order, from A. */
  letters: string[];
  /** Each option line split into its label (with the spaces after it) and its text. */
  lines: { label: string; text: string }[];
}

const LINE = /^([ \t]*\(?)([A-J])([).:][ \t]+)(\S.*)$/u;

/**
 * The last block of two or more consecutive option lines labelled A, B, C… in order with one
 * style: the question the prompt ends with, after any worked examples. Null when there is none.
 */
export function findOptionBlock(text: string): OptionBlock | null {
  let found: OptionBlock | null = null;
  let current: OptionBlock | null = null;
  let style = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    const letter = m?.[2];
    const lineStyle = m === null ? '' : `${m[1]?.trim() ?? ''}${m[3]?.trim() ?? ''}`;
    if (
      m !== null &&
      letter !== undefined &&
      current !== null &&
      style === lineStyle &&
      letter.charCodeAt(0) === 65 + current.letters.length
    ) {
      current.letters.push(letter);
      current.lines.push({ label: `${m[1] ?? ''}${letter}${m[3] ?? ''}`, text: m[4] ?? '' });
      current.end = offset + line.length;
    } else {
      if (current !== null && current.letters.length >= 2) found = current;
      current = null;
      if (m !== null && letter === 'A') {
        style = lineStyle;
        current = {
          start: offset,
          end: offset + line.length,
          letters: ['A'],
          lines: [{ label: `${m[1] ?? ''}A${m[3] ?? ''}`, text: m[4] ?? '' }],
        };
      }
    }
    offset += line.length + 1;
  }
  if (current !== null && current.letters.length >= 2) found = current;
  return found;
}

/** The options reordered: `order[j]` is the original index of the option now at position j. */
export interface ShuffledOptions {
  text: string;
  order: number[];
  /** For each label of the new text, the label its option had in the original. */
  optionMap: Record<string, string>;
}

function permutation(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  return order;
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/**
 * Up to `count` different reorderings of the block's options, none the original order, labels
 * kept in place. With `move` (the index of the right option), that option always changes place,
 * so a model that answers by position rather than content is caught. Fewer when the options
 * allow fewer (two options have one other order).
 */
export function shuffleOptions(text: string, block: OptionBlock, count: number, random: Random, move?: number): ShuffledOptions[] {
  const n = block.letters.length;
  const moving = move !== undefined && move >= 0 && move < n;
  const wanted = Math.min(count, factorial(n) - (moving ? factorial(n - 1) : 1));
  const seen = new Set([Array.from({ length: n }, (_, i) => i).join(',')]);
  const out: ShuffledOptions[] = [];
  for (let attempt = 0; out.length < wanted && attempt < 500; attempt++) {
    const order = permutation(n, random);
    const key = order.join(',');
    if (seen.has(key) || (moving && order[move] === move)) continue;
    seen.add(key);
    const lines = order.map((from, j) => `${block.lines[j]?.label ?? ''}${block.lines[from]?.text ?? ''}`);
    const optionMap = Object.fromEntries(order.map((from, j) => [block.letters[j] ?? '', block.letters[from] ?? '']));
    out.push({ text: text.slice(0, block.start) + lines.join('\n') + text.slice(block.end), order, optionMap });
  }
  return out;
}

/** `B`, `(b)`, ` C ` read as a label of the block, else null. */
export function labelOf(answer: string, letters: readonly string[]): string | null {
  const m = /^\s*\(?([A-Ja-j])\)?\s*$/u.exec(answer);
  const letter = m?.[1]?.toUpperCase();
  return letter !== undefined && letters.includes(letter) ? letter : null;
}

/** An answer label moved to where its option went (case and brackets kept); other answers as they were. */
export function remapLabel(answer: string, optionMap: Readonly<Record<string, string>>): string {
  const letter = labelOf(answer, Object.keys(optionMap));
  if (letter === null) return answer;
  const moved = Object.entries(optionMap).find(([, original]) => original === letter)?.[0] ?? letter;
  const lower = /[a-j]/u.test(answer);
  return answer.replace(/[A-Ja-j]/u, lower ? moved.toLowerCase() : moved);
}
