/** llama-perplexity's default n_ctx. */
export const DEFAULT_CHUNK_TOKENS = 512;
/** The smallest context a model loads with (LoadOptions.contextSize). */
export const MIN_CHUNK_TOKENS = 16;

/** The text gives fewer tokens than one chunk; callers word the remedy for their own interface. */
export class TextTooShortError extends Error {
  constructor(
    /** Tokens of the text, BOS included when the model adds one. */
    readonly tokens: number,
    readonly chunkTokens: number,
  ) {
    super(`The text has ${tokens} tokens, fewer than one chunk of ${chunkTokens}.`);
    this.name = 'TextTooShortError';
  }
}

/**
 * The token stream llama-perplexity evaluates: BOS first when the model adds one (it tokenizes
 * with `add_special`), then the text's tokens.
 */
export function fidelityStream(tokens: readonly number[], bos: number | null): number[] {
  return bos === null ? [...tokens] : [bos, ...tokens];
}

/**
 * The chunk size when none is asked for: llama-perplexity's 512, but no more than the model was
 * trained on, nor than the text gives (so a short text still makes one chunk). Even, since the
 * second half of a chunk is scored.
 */
export function defaultChunkTokens(streamTokens: number, trainContextSize: number | null): number {
  const trained = trainContextSize === null || trainContextSize <= 0 ? DEFAULT_CHUNK_TOKENS : trainContextSize;
  const size = Math.min(DEFAULT_CHUNK_TOKENS, trained, streamTokens);
  return size - (size % 2);
}

/**
 * Chunks as llama-perplexity cuts them: chunk k is tokens k·n … (k+1)·n−1 of the BOS-prefixed
 * stream, with its first token replaced by BOS (when the model has one) because each chunk is
 * evaluated from an empty KV cache. A tail shorter than a chunk is left out.
 */
export function fidelityChunks(stream: readonly number[], bos: number | null, chunkTokens: number, maxChunks?: number): number[][] {
  const available = Math.floor(stream.length / chunkTokens);
  const count = Math.min(available, maxChunks ?? available);
  if (count === 0) throw new TextTooShortError(stream.length, chunkTokens);
  return Array.from({ length: count }, (_, c) => {
    const chunk = stream.slice(c * chunkTokens, (c + 1) * chunkTokens);
    if (bos !== null) chunk[0] = bos;
    return chunk;
  });
}
