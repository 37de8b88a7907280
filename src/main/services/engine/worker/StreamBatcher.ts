/**
 * Coalesces streamed text into small batches for the host: a batch is sent once `intervalMs`
 * has passed since the last one or `maxTokens` tokens have gathered, whichever comes first, and
 * whatever is left is sent by `finish`. Sending per token costs an IPC message per token.
 */
export class StreamBatcher {
  private buffered = '';
  private tokensSinceSend = 0;
  /** The first token's text goes out at once. */
  private lastSendAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (text: string, tokens: number) => void,
    private readonly options: { intervalMs: number; maxTokens: number },
  ) {}

  /** Adds text released by one token; `tokens` is the total generated so far. */
  add(text: string, tokens: number, now: number): void {
    this.buffered += text;
    this.tokensSinceSend += 1;
    if (now - this.lastSendAt >= this.options.intervalMs || this.tokensSinceSend >= this.options.maxTokens) this.flush(tokens, now);
  }

  /** Sends what is buffered (the end of the output). */
  finish(text: string, tokens: number, now: number): void {
    this.buffered += text;
    this.flush(tokens, now);
  }

  private flush(tokens: number, now: number): void {
    this.lastSendAt = now;
    this.tokensSinceSend = 0;
    if (this.buffered === '') return;
    const text = this.buffered;
    this.buffered = '';
    this.send(text, tokens);
  }
}
