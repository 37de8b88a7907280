/** A run of text both sides share, or that only one side has. */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Beyond this many token pairs the table gets too big to build at once; the diff is left out. */
const MAX_CELLS = 4_000_000;

/** Words with the spaces after them for text of one line; whole lines (with their newline) otherwise. */
function tokens(text: string, unit: 'word' | 'line'): string[] {
  return unit === 'line' ? (text.match(/[^\n]*\n|[^\n]+$/g) ?? []) : (text.match(/\S+\s*|\s+/g) ?? []);
}

/**
 * What changes `expected` into `actual`, by longest common subsequence of words (or lines, when
 * either text has several). `removed` is only in `expected`, `added` only in `actual`. Null when
 * the texts are too long to diff here.
 */
export function textDiff(expected: string, actual: string): DiffPart[] | null {
  const unit = expected.includes('\n') || actual.includes('\n') ? 'line' : 'word';
  const a = tokens(expected, unit);
  const b = tokens(actual, unit);
  if (a.length * b.length > MAX_CELLS) return null;
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string): void => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i] ?? '');
      i += 1;
      j += 1;
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      push('removed', a[i] ?? '');
      i += 1;
    } else {
      push('added', b[j] ?? '');
      j += 1;
    }
  }
  for (; i < a.length; i++) push('removed', a[i] ?? '');
  for (; j < b.length; j++) push('added', b[j] ?? '');
  return parts;
}
