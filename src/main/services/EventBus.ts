import crypto from 'node:crypto';
import type { EventName, EventPayload } from '../../shared/api';
import type { EventMessage } from '../../shared/bridge';

type Listener = (message: EventMessage) => void;

/**
 * Services publish typed events here; each transport forwards them to its clients. Every event
 * name has its own sequence number so a client can drop a stale delta.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly seq = new Map<string, number>();
  /** Identifies this start of the host: sequence numbers begin again at 1 after a restart. */
  readonly epoch = crypto.randomUUID();

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    const seq = (this.seq.get(event) ?? 0) + 1;
    this.seq.set(event, seq);
    const message: EventMessage = { event, epoch: this.epoch, seq, payload };
    for (const listener of this.listeners) listener(message);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
