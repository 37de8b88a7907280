import type { FakeLm } from './fakeScoringServer';

/** A toy word-level model: a token is a word with its leading spaces; log-probabilities from a hash, the top token a phantom one unless the hash is 0. */
export function toyLm(): FakeLm {
  const pieces = new Map<number, string>([
    [1, '<s>'],
    [2, '<top>'],
    [3, '.'],
  ]);
  // An id from the text alone, so that two instances (a server's and a test's) agree.
  const idOf = (piece: string): number => {
    let h = 7;
    for (const ch of piece) h = (h * 131 + (ch.codePointAt(0) ?? 0)) % 99_991;
    const id = 10 + h;
    pieces.set(id, piece);
    return id;
  };
  const lp = (prefix: readonly number[], t: number): number => -0.1 - ((t * 31 + prefix.length * 17 + (prefix.at(-1) ?? 0) * 7) % 40) / 10;
  return {
    bos: 1,
    tokenize: (text) => (text.match(/\s*\S+|\s+/g) ?? []).map(idOf),
    piece: (id) => pieces.get(id) ?? `<${id}>`,
    score: (tokens) =>
      Promise.resolve(
        tokens.slice(1).map((t, i) => {
          const logprob = lp(tokens.slice(0, i + 1), t);
          return { logprob, top: logprob === -0.1 ? { id: t, logprob } : { id: 2, logprob: -0.1 } };
        }),
      ),
  };
}
