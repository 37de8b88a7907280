import type { WsClientMessage } from '../../../shared/bridge';

/** A client message the bridge can act on, or why it cannot (with the id to answer, -1 when unknown). */
export type ParsedWsMessage = { ok: true; value: WsClientMessage } | { ok: false; id: number; message: string };

/** Reads one WebSocket text message (null for a binary one) as an invoke or a heartbeat ping. */
export function parseWsMessage(text: string | null): ParsedWsMessage {
  if (text === null) return { ok: false, id: -1, message: 'Binary messages are not part of the Evalbench protocol.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      id: -1,
      message: `The message is not valid JSON (${text.length} characters starting ${JSON.stringify(text.slice(0, 40))}).`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, id: -1, message: 'The message must be a JSON object.' };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'number' && Number.isSafeInteger(record.id) ? record.id : -1;
  if (record.kind !== 'evalbench:invoke' && record.kind !== 'evalbench:ping') {
    return { ok: false, id, message: 'Unknown message kind; expected "evalbench:invoke" or "evalbench:ping".' };
  }
  if (id < 0) return { ok: false, id, message: 'The message needs a non-negative integer id.' };
  if (record.kind === 'evalbench:ping') return { ok: true, value: { kind: 'evalbench:ping', id } };
  if (typeof record.call !== 'string') return { ok: false, id, message: 'The message needs a call name.' };
  return { ok: true, value: { kind: 'evalbench:invoke', id, call: record.call, input: record.input } };
}
