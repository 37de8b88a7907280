import type { Token } from 'node-llama-cpp';

/** Detokenizes `tokens` as the continuation of `lastTokens`. */
export type DetokenizeContinuation = (tokens: readonly Token[], lastTokens: readonly Token[]) => string;

/**
 * The text `tokens` add after `lastTokens`: both detokenized together, less the text of
 * `lastTokens` alone. node-llama-cpp's `detokenize(tokens, false, lastTokens)` does the same
 * but drops the context when it decodes to '' (a lone leading space does), losing that space.
 */
export function continuationOf(detokenize: (tokens: readonly Token[]) => string): DetokenizeContinuation {
  return (tokens, lastTokens) => {
    if (lastTokens.length === 0) return detokenize(tokens);
    const before = detokenize(lastTokens);
    const all = detokenize([...lastTokens, ...tokens]);
    return all.startsWith(before) ? all.slice(before.length) : detokenize(tokens);
  };
}

/** A UTF-8 character is at most 4 bytes, so at most 4 byte-level tokens can be needed to finish one. */
const MAX_PENDING_TOKENS = 4;
/** Committed tokens handed to the detokenizer as context (leading-space rules, merges). */
const CONTEXT_TOKENS = 4;

/**
 * Turns generated tokens into text with constant work per token: each new token is detokenized
 * with a few preceding tokens as context, never the whole output again. A character whose UTF-8
 * bytes are split across tokens decodes to U+FFFD until its last byte arrives, so such tokens are
 * held back (up to 4) and released together once they decode to whole characters.
 */
export class IncrementalDetokenizer {
  private readonly committed: Token[] = [];
  private pending: Token[] = [];

  constructor(private readonly detokenize: DetokenizeContinuation) {}

  /** Adds a token; returns the text it completes ('' while a split character is still incomplete). */
  push(token: Token): string {
    this.pending.push(token);
    const text = this.decodePending();
    if (text.endsWith('\uFFFD') && this.pending.length < MAX_PENDING_TOKENS) return '';
    this.commitPending();
    return text;
  }

  /** Releases held tokens as they are (an unfinished character stays U+FFFD), at the end of output. */
  finish(): string {
    if (this.pending.length === 0) return '';
    const text = this.decodePending();
    this.commitPending();
    return text;
  }

  private decodePending(): string {
    return this.detokenize(this.pending, this.committed.slice(-CONTEXT_TOKENS));
  }

  private commitPending(): void {
    this.committed.push(...this.pending);
    if (this.committed.length > CONTEXT_TOKENS * 4) this.committed.splice(0, this.committed.length - CONTEXT_TOKENS);
    this.pending = [];
  }
}
