import type { SeededRandom } from '../src/shared/stats/seededRandom';

/**
 * Watches this process's event loop while a fuzz family runs: a timer that should fire every
 * TICK_MS records the longest gap between two firings, which is how long the host could not
 * answer anything (a synchronous parse or a regex blocking it).
 */
export class EventLoopWatch {
  private static readonly TICK_MS = 10;
  private last = performance.now();
  /** The longest stretch, in ms, that the event loop was blocked. */
  longestBlockMs = 0;
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.longestBlockMs = Math.max(this.longestBlockMs, now - this.last - EventLoopWatch.TICK_MS);
    this.last = now;
  }, EventLoopWatch.TICK_MS);

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Counts outcomes by name and prints them sorted, most frequent first. */
export class Outcomes {
  private readonly counts = new Map<string, number>();

  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  }
}

/** One item of `items`, drawn from `random`. */
export const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.nextInt(items.length)] as T;

/** Settles with `work`, or rejects with a message naming `what` after `ms`. */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
