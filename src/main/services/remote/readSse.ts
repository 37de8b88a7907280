/**
 * The `data` of each server-sent event in a byte stream, in order, as the SSE spec assembles
 * them: lines split on CR, LF or CRLF, several `data:` lines of one event joined with newlines,
 * comments (`:` keep-alives) and other fields skipped, an event dispatched at a blank line.
 * `onBytes` is called for every piece that arrives, comments included, so that a watchdog can
 * tell a silent server from a slow one. Leaving the loop early cancels the stream.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, onBytes: () => void = () => undefined): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes();
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (;;) {
        const end = lineEnd(buffer, start);
        if (end === null) break;
        const line = buffer.slice(start, end.at);
        start = end.next;
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
      buffer = buffer.slice(start);
    }
    buffer = (buffer + decoder.decode()).replace(/\r$/, '');
    // A stream that ends without the final blank line still delivers its last event.
    if (buffer.startsWith('data:')) data.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
    if (data.length > 0) yield data.join('\n');
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Where the line starting at `start` ends and the next begins; null when the line is not complete yet. */
function lineEnd(buffer: string, start: number): { at: number; next: number } | null {
  for (let i = start; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (c === 10) return { at: i, next: i + 1 };
    if (c === 13) {
      // A CR at the very end may be the first half of a CRLF still in flight.
      if (i + 1 === buffer.length) return null;
      return { at: i, next: buffer.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
    }
  }
  return null;
}
