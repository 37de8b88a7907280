/**
 * Finds stop strings in streamed text. Text that might be the start of a stop string is held
 * back from the stream until it is known not to be, so a stop string never reaches the user.
 */
export class StopMatcher {
  private readonly stops: readonly string[];

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  /** Index of the earliest stop string in `text` at or after `from`, or -1. */
  firstStop(text: string, from: number): number {
    let best = -1;
    for (const stop of this.stops) {
      const at = text.indexOf(stop, Math.max(0, from - stop.length + 1));
      if (at !== -1 && (best === -1 || at < best)) best = at;
    }
    return best;
  }

  /** How many characters at the end of `text` could still grow into a stop string. */
  heldBack(text: string): number {
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
