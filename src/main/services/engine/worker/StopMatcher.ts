/**
 * Finds stop strings in streamed text, incrementally: it keeps only the tail that could still grow
 * into a stop string, so each push costs the length of the new text plus the longest stop string,
 * not the length of the output. Text that might be the start of a stop string is held back until
 * it is known not to be, so a stop string never reaches the user.
 */
export class StopMatcher {
  private readonly stops: readonly string[];
  private tail = '';

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  /**
   * Adds generated text. `text` is what is now safe to emit (everything before a possible stop
   * string); `stopped` says a stop string was found, and then `text` ends right before it.
   */
  push(text: string): { text: string; stopped: boolean } {
    if (this.stops.length === 0) return { text, stopped: false };
    const window = this.tail + text;
    const at = this.firstStop(window);
    if (at !== -1) {
      this.tail = '';
      return { text: window.slice(0, at), stopped: true };
    }
    const held = this.heldBack(window);
    this.tail = window.slice(window.length - held);
    return { text: window.slice(0, window.length - held), stopped: false };
  }

  /** The held-back tail, released when the output ends without a stop string. */
  end(): string {
    const rest = this.tail;
    this.tail = '';
    return rest;
  }

  private firstStop(text: string): number {
    let best = -1;
    for (const stop of this.stops) {
      const at = text.indexOf(stop);
      if (at !== -1 && (best === -1 || at < best)) best = at;
    }
    return best;
  }

  /** How many characters at the end of `text` could still grow into a stop string. */
  private heldBack(text: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, text.length); n > longest; n--) {
        if (text.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
