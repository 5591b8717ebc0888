import { describe, expect, it } from 'vitest';
import { ServerSentEventParser, readServerSentEvents } from './server-sent-events.js';
import type { ServerSentEvent } from './server-sent-events.js';

function parse(...chunks: string[]): ServerSentEvent[] {
  const parser = new ServerSentEventParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** The same text cut into every pair of chunks: the result must not depend on where. */
function everySplit(text: string): ServerSentEvent[][] {
  const results: ServerSentEvent[][] = [];
  for (let at = 0; at <= text.length; at += 1)
    results.push(parse(text.slice(0, at), text.slice(at)));
  return results;
}

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('ServerSentEventParser', () => {
  it('joins multi-line data with newlines and names events', () => {
    expect(parse('event: stats\ndata: {"a":\ndata: 1}\n\n')).toEqual([
      { event: 'stats', data: '{"a":\n1}', lastEventId: '' },
    ]);
  });

  it('skips comments, defaults the event name and keeps the last id', () => {
    expect(parse(': heartbeat\n\nid: 7\ndata: x\n\ndata: y\n\n')).toEqual([
      { event: 'message', data: 'x', lastEventId: '7' },
      { event: 'message', data: 'y', lastEventId: '7' },
    ]);
  });

  it('takes CRLF, CR and LF line ends, wherever the chunks split them', () => {
    const text = 'event: a\r\ndata: 1\r\rdata: 2\n\ndata:3\r\n\r\n';
    const want = [
      { event: 'a', data: '1', lastEventId: '' },
      { event: 'message', data: '2', lastEventId: '' },
      { event: 'message', data: '3', lastEventId: '' },
    ];
    for (const events of everySplit(text)) expect(events).toEqual(want);
  });

  it('removes one space after the colon only, and reads a bare field name as empty', () => {
    expect(parse('data:  two spaces\ndata\n\n')).toEqual([
      { event: 'message', data: ' two spaces\n', lastEventId: '' },
    ]);
  });

  it('dispatches nothing without data, and resets the event name after each blank line', () => {
    expect(parse('event: lonely\n\ndata: after\n\n')).toEqual([
      { event: 'message', data: 'after', lastEventId: '' },
    ]);
  });

  it('drops a leading BOM and ignores unknown fields and ids with NUL', () => {
    expect(parse('\uFEFFdata: x\nretry: 10\nfoo: bar\nid: a\0b\n\n')).toEqual([
      { event: 'message', data: 'x', lastEventId: '' },
    ]);
  });
});

describe('readServerSentEvents', () => {
  it('decodes UTF-8 split across chunks and discards an unterminated last event', async () => {
    const bytes = new TextEncoder().encode('data: héllo ✓\n\ndata: never dispatched');
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(bodyOf(chunks))) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'héllo ✓', lastEventId: '' }]);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    let seen = 0;
    for await (const event of readServerSentEvents(body)) {
      expect(event.data).toBe('tick');
      seen += 1;
      if (seen === 3) break;
    }
    expect(cancelled).toBe(true);
  });
});
