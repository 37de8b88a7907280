import { SPACE, TokenType, type TinyVocab } from '../tinyVocab';

/** Every character the skilled fixture reads or writes has its own token; anything else falls back to bytes. */
const CHARACTERS = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?:;'"-+=*/()[]_#`;

/** Token ids the trainer and the tests need by name. */
export const CHAR_BOS = 1;
export const CHAR_EOS = 2;
const BYTE_BASE = 3;

/**
 * A character-level SentencePiece vocabulary: `<unk>`, `<s>`, `</s>`, the 256 byte tokens, `▁`
 * (space) and one piece per character, and no multi-character pieces. llama.cpp's SentencePiece
 * tokenizer can then merge nothing, so every character is one token: digits and letters are the
 * units the model's rule-based skills (reverse, add, uppercase) work on, which is what lets them
 * generalise to words and numbers it never saw in training.
 */
export function buildCharVocab(): TinyVocab {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  for (const piece of [SPACE, ...Array.from(CHARACTERS)]) {
    tokens.push(piece);
    types.push(TokenType.normal);
  }
  return { tokens, types, scores: tokens.map((_, i) => (i < 259 ? 0 : -(i - 259) / 100)), wholeWord: tokens.map(() => false) };
}

/**
 * Tokenizes text as llama.cpp's SentencePiece tokenizer does with this vocabulary: a space is
 * put before the text (`add_space_prefix`), spaces become `▁`, each known character is its own
 * token and anything else becomes its UTF-8 bytes. No BOS.
 */
export function tokenizeChars(vocab: TinyVocab, text: string): number[] {
  const idOf = new Map(vocab.tokens.map((t, i) => [t, i]));
  const ids: number[] = [];
  for (const ch of SPACE + text.replaceAll(' ', SPACE)) {
    const id = idOf.get(ch);
    if (id !== undefined) {
      ids.push(id);
      continue;
    }
    for (const byte of new TextEncoder().encode(ch)) ids.push(BYTE_BASE + byte);
  }
  return ids;
}

/** Text of token ids, the inverse of tokenizeChars for ASCII (control tokens dropped). */
export function detokenizeChars(vocab: TinyVocab, ids: readonly number[]): string {
  const bytes: number[] = [];
  for (const id of ids) {
    if (id >= BYTE_BASE && id < BYTE_BASE + 256) bytes.push(id - BYTE_BASE);
    else if (vocab.types[id] === TokenType.normal) bytes.push(...new TextEncoder().encode((vocab.tokens[id] ?? '').replaceAll(SPACE, ' ')));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
