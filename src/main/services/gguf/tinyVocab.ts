/** SentencePiece token types as GGUF stores them in `tokenizer.ggml.token_type`. */
export const TokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** A byte-fallback SentencePiece vocabulary ("llama" tokenizer model), ready for the tokenizer.ggml.* keys. */
export interface TinyVocab {
  tokens: string[];
  scores: number[];
  types: number[];
  /** True for pieces that are a whole `▁word` from the word list (used to make generated text word-like). */
  wholeWord: boolean[];
}

/** The SentencePiece word-boundary mark that stands for a space. */
export const SPACE = '\u2581';

const COMMON_WORDS = `hello world model answer question test true false yes cat dog tree river city song book
the of and to a in is it you that he was for on are with as his they be at one have this
from or had by hot but some what there we can out other were all your when up use word how said an each she which
do their time if will way about many then them would write like so these her long make thing see him two has look
more day could go come did my sound no most number who over know water than call first people may down side been
now find any new work part take get place made live where after back little only round man year came show every good
me give our under name very through just form much great think say help low line before turn cause same mean differ
move right boy old too does tell sentence set three want air well also play small end put home read hand port large
spell add even land here must big high such follow act why ask men change went light kind off need house picture try
us again animal point mother near build self earth father story friend green blue red black white fast slow happy sad`;

const MORE_WORDS = `head stand own page should country found study still learn plant cover food sun four thought let keep eye never
last door between below state school tell grow story saw far sea draw left late run while press close night real life
few stop open seem together next white children begin got walk example ease paper often always music those both mark
until mile river car feet care second group carry took rain eat room began idea fish mountain north once base hear horse
cut sure watch color face wood main enough plain girl usual young ready above ever list though feel talk bird soon body
family direct pose leave measure state product black short numeral class wind happen complete ship area half rock
order fire south problem piece told knew pass farm top whole king size heard best hour better during hundred five
remember step early hold west ground interest reach fast verb sing listen six table travel less morning ten simple
several vowel toward war lay against pattern slow center love person money serve appear road map science rule govern
pull cold notice voice fall power town fine certain fly unit lead cry dark machine note wait plan figure star box noun
field rest correct able pound done beauty drive stood contain front teach week final gave green oh quick develop sleep
warm free minute strong special mind behind clear tail produce fact street inch lot nothing course stay wheel full
force object decide surface deep moon island foot yet busy record boat common gold possible plane age dry wonder
laugh thousand ago ran check game shape yes hot miss brought heat snow bed bring sit perhaps fill east weight language
among evaluate compare quantize benchmark token prompt reply score result reason memory vector matrix layer weight`;

const CHARACTERS = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?;:'"-()[]{}/\\@#$%&*+=<>_~\`|`;

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w !== '');
}

/**
 * Builds the fixture vocabulary: `<unk>`, `<s>`, `</s>`, the 256 byte tokens, `▁`, single
 * characters, then every prefix of `▁word` for each word. llama.cpp's SentencePiece tokenizer
 * only forms a word by merging adjacent pieces that are themselves tokens, so every prefix must
 * exist; and because every multi-character piece starts with `▁`, merges never cross words.
 * `bench` adds more words, capitalised words and numbers up to 999 for a vocabulary of ~2,500.
 */
export function buildTinyVocab(size: 'tiny' | 'bench'): TinyVocab {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  const scores: number[] = tokens.map(() => 0);
  const wholeWord: boolean[] = tokens.map(() => false);
  const idOf = new Map(tokens.map((token, id) => [token, id]));
  const add = (piece: string, isWord = false): void => {
    const existing = idOf.get(piece);
    if (existing !== undefined) {
      if (isWord) wholeWord[existing] = true;
      return;
    }
    idOf.set(piece, tokens.length);
    tokens.push(piece);
    types.push(TokenType.normal);
    wholeWord.push(isWord);
    // Higher is merged first; the order only matters between overlapping candidates, which
    // prefix chains never have, so a plain rank is enough.
    scores.push(-(tokens.length - 259) / 100);
  };
  add(SPACE);
  for (const ch of CHARACTERS) add(ch);
  const wordList = size === 'bench' ? [...words(COMMON_WORDS), ...words(MORE_WORDS)] : words(COMMON_WORDS).slice(0, 120);
  const withPrefixes = (word: string, isWord = true): void => {
    for (let end = 1; end <= word.length; end++) add(SPACE + word.slice(0, end), isWord && end === word.length);
  };
  for (const word of wordList) withPrefixes(word);
  if (size === 'bench') {
    for (const word of wordList.slice(0, 200)) withPrefixes(word.charAt(0).toUpperCase() + word.slice(1));
    for (let n = 0; n < 1000; n++) withPrefixes(String(n), false);
  }
  return { tokens, scores, types, wholeWord };
}
