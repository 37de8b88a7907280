/** Who decodes on a context: Evalbench's native decode loop, or node-llama-cpp's own calls. */
export type ContextUser = 'native' | 'node-llama-cpp';

/**
 * Keeps the native decode loop and node-llama-cpp from decoding on the same llama.cpp context at
 * once (llama.cpp contexts are not thread-safe, and each runs its decodes on its own thread).
 * Holders of one kind share the context; the other kind waits. First come, first served: once
 * someone waits, newcomers of the holding kind wait behind them, so neither kind starves.
 */
export class ContextGate {
  private holding: ContextUser | null = null;
  private holders = 0;
  private readonly waiting: { user: ContextUser; admit: () => void }[] = [];
  private readonly waitListeners: ((user: ContextUser) => void)[] = [];

  /** Calls `listener` whenever someone has to wait (so a holder can finish sooner). */
  onWaiting(listener: (user: ContextUser) => void): void {
    this.waitListeners.push(listener);
  }

  /** Resolves once `user` may decode; call the returned function when done (once). */
  async enter(user: ContextUser): Promise<() => void> {
    if (this.waiting.length === 0 && (this.holding === null || this.holding === user)) this.admit(user);
    else {
      const admitted = new Promise<void>((admit) => this.waiting.push({ user, admit }));
      for (const listener of this.waitListeners) listener(user);
      await admitted;
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.holders--;
      if (this.holders === 0) {
        this.holding = null;
        this.admitNext();
      }
    };
  }

  private admit(user: ContextUser): void {
    this.holding = user;
    this.holders++;
  }

  /** Admits the first in line and everyone else waiting of the same kind. */
  private admitNext(): void {
    const first = this.waiting[0];
    if (first === undefined) return;
    const admitted = this.waiting.filter((w) => w.user === first.user);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.user !== first.user));
    for (const w of admitted) {
      this.admit(w.user);
      w.admit();
    }
  }
}
