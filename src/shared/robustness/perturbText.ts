import { joinPieces, protectText, type TextPiece } from './protectedText';

/** A stream of floats in [0, 1), e.g. `mulberry32(seed)`. */
export type Random = () => number;

const int = (random: Random, n: number): number => Math.floor(random() * n);

/** The pieces with `edit` applied to the free ones only. */
function mapFree(pieces: readonly TextPiece[], edit: (text: string) => string): TextPiece[] {
  return pieces.map((p) => (p.fixed ? p : { text: edit(p.text), fixed: false }));
}

/** One typing slip inside a word: two neighbouring letters swapped, one dropped, or one doubled. The first letter stays. */
function typo(word: string, random: Random): string {
  const chars = Array.from(word);
  const kinds = ['swap', 'drop', 'double'] as const;
  for (let attempt = 0; attempt < 6; attempt++) {
    const kind = kinds[int(random, kinds.length)];
    const i = 1 + int(random, chars.length - 1);
    if (kind === 'swap') {
      const j = i === chars.length - 1 ? i - 1 : i;
      if (j < 1 || chars[j] === chars[j + 1]) continue;
      return [...chars.slice(0, j), chars[j + 1], chars[j], ...chars.slice(j + 2)].join('');
    }
    if (kind === 'drop') return [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
    return [...chars.slice(0, i + 1), ...chars.slice(i)].join('');
  }
  return [...chars.slice(0, 1), ...chars.slice(2)].join('');
}

/**
 * Typing slips in a few words (about one in ten words of four letters or more, at least one, at
 * most six), never in variable values, placeholders or option labels.
 */
export function addTypos(text: string, values: readonly string[], random: Random): string {
  const pieces = protectText(text, values);
  const words: { piece: number; index: number; word: string }[] = [];
  pieces.forEach((p, piece) => {
    if (p.fixed) return;
    for (const m of p.text.matchAll(/\p{L}{4,}/gu)) words.push({ piece, index: m.index, word: m[0] });
  });
  if (words.length === 0) return text;
  const count = Math.min(words.length, 6, Math.max(1, Math.round(words.length / 10)));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(int(random, words.length));
  // Right to left, so earlier offsets in the same piece stay valid.
  for (const w of [...chosen].sort((a, b) => b - a).map((i) => words[i])) {
    if (w === undefined) continue;
    const piece = pieces[w.piece];
    if (piece === undefined) continue;
    piece.text = piece.text.slice(0, w.index) + typo(w.word, random) + piece.text.slice(w.index + w.word.length);
  }
  return joinPieces(pieces);
}

export const CASINGS = ['upper', 'lower', 'title', 'mixed'] as const;
export type Casing = (typeof CASINGS)[number];

function titleWord(word: string): string {
  const [first = '', ...rest] = Array.from(word);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** The free text in one casing; `mixed` picks upper, lower or title case word by word. */
export function changeCasing(text: string, values: readonly string[], casing: Casing, random: Random): string {
  const edit = (t: string): string => {
    switch (casing) {
      case 'upper':
        return t.toUpperCase();
      case 'lower':
        return t.toLowerCase();
      case 'title':
        return t.replace(/\p{L}+/gu, titleWord);
      case 'mixed':
        return t.replace(/\p{L}+/gu, (w) => [w.toUpperCase(), w.toLowerCase(), titleWord(w)][int(random, 3)] ?? w);
      default:
        return casing satisfies never;
    }
  };
  return joinPieces(mapFree(protectText(text, values), edit));
}

const GAPS = ['  ', '   ', '\t', ' \t', '\n', '  \n'] as const;

/**
 * Extra whitespace: about a quarter of the single spaces between words become longer runs of
 * spaces, tabs or line breaks, and the text may gain leading or trailing whitespace. Nothing is
 * removed, so line structure (and the options' lines) survive.
 */
export function addWhitespace(text: string, values: readonly string[], random: Random): string {
  const pieces = mapFree(protectText(text, values), (t) =>
    t.replace(/(?<=\S) (?=\S)/gu, (space) => (random() < 0.25 ? (GAPS[int(random, GAPS.length)] ?? space) : space)),
  );
  let out = joinPieces(pieces);
  if (random() < 0.5) out = `${['\n', '  ', '\t'][int(random, 3)] ?? ''}${out}`;
  if (random() < 0.5) out = `${out}${['  ', '\n', ' \n'][int(random, 3)] ?? ''}`;
  // A text with no gap to widen still gets its extra whitespace.
  return out === text ? `  ${text}` : out;
}

/** Paragraphs with nothing to do with any question, to see whether a model is thrown by them. */
export const PREAMBLES: readonly string[] = [
  'The lighthouse on the northern cape was automated in 1987. Before that, three keepers lived there in rotation, and their logbooks record the weather every four hours, including the great storm of 1953.',
  'Sourdough starters are kept alive by regular feeding with flour and water. Bakers often name their starters, and some claim theirs are more than a century old, passed down through several generations.',
  'The city council met on Tuesday to discuss the repaving of Elm Street. Residents raised concerns about parking during the works, and a decision was postponed until the next session in the spring.',
  'Migrating arctic terns travel from the Arctic to the Antarctic and back each year, a round trip of about seventy thousand kilometres, which gives them more daylight than any other animal.',
  'My cousin recently took up pottery. Her first bowls were lopsided, but after a few months of evening classes she sold a set of mugs at the local craft fair and now plans a small exhibition.',
  'Early mechanical clocks had no minute hand. Town clocks struck the hours on a bell, and it was only with the pendulum, introduced in the seventeenth century, that minutes became worth showing.',
];

/** One of {@link PREAMBLES} and a blank line before the text. */
export function addPreamble(text: string, preamble: string): string {
  return `${preamble}\n\n${text}`;
}
