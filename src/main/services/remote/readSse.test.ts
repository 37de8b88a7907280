import { describe, expect, it } from 'vitest';
import { readSse } from './readSse';

function streamOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function events(pieces: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSse(streamOf(pieces))) out.push(data);
  return out;
}

describe('readSse', () => {
  it('reassembles events split anywhere, across CRLF and multi-byte characters', async () => {
    const whole = 'data: {"a":1}\r\n\r\ndata: h\u00e9llo\n\n: keep-alive\n\nevent: x\ndata: one\ndata: two\n\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(whole);
    // One byte at a time: splits the CRLF pairs and the two bytes of "é".
    const byteStream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]));
        controller.close();
      },
    });
    const out: string[] = [];
    for await (const data of readSse(byteStream)) out.push(data);
    expect(out).toEqual(['{"a":1}', 'héllo', 'one\ntwo', '[DONE]']);
  });

  it('delivers a last event that lacks the closing blank line', async () => {
    expect(await events(['data: first\n\n', 'data: last'])).toEqual(['first', 'last']);
  });

  it('reports every arriving piece, comments included, for the idle watchdog', async () => {
    let pieces = 0;
    const data: string[] = [];
    for await (const event of readSse(streamOf([': ping\n\n', ': ping\n\n', 'data: x\n\n']), () => (pieces += 1))) data.push(event);
    expect(pieces).toBe(3);
    expect(data).toEqual(['x']);
  });
});
