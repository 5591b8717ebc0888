/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the event named none. */
  event: string;
  /** The `data:` lines joined with newlines. */
  data: string;
  /** The last event id seen so far (`id:`), '' before any. */
  lastEventId: string;
}

const LF = 10;
const CR = 13;

/**
 * An incremental parser of the `text/event-stream` format as the WHATWG HTML standard defines it
 * ("Interpreting an event stream"): lines end with CRLF, LF or CR (a CRLF split across chunks
 * included), a leading BOM is dropped, `:` lines are comments, `data:` lines accumulate with
 * newlines between them, one space after the colon is removed, a blank line dispatches, an event
 * without data is not dispatched, and a final event not closed by a blank line is discarded.
 */
export class ServerSentEventParser {
  #line = '';
  #data = '';
  #event = '';
  #lastEventId = '';
  #started = false;
  #skipLineFeed = false;

  /** Parses the next decoded chunk and returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let text = chunk;
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.#skipLineFeed && text !== '') {
      this.#skipLineFeed = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    for (let i = start; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      const line = this.#line + text.slice(start, i);
      this.#line = '';
      this.#interpret(line, events);
      if (code === CR) {
        if (i + 1 === text.length) this.#skipLineFeed = true;
        else if (text.charCodeAt(i + 1) === LF) i += 1;
      }
      start = i + 1;
    }
    this.#line += text.slice(start);
    return events;
  }

  #interpret(line: string, events: ServerSentEvent[]): void {
    if (line === '') {
      this.#dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data += `${value}\n`;
    else if (field === 'id' && !value.includes('\0')) this.#lastEventId = value;
    // `retry` only matters to clients that reconnect by themselves; other fields are ignored.
  }

  #dispatch(events: ServerSentEvent[]): void {
    const data = this.#data;
    const event = this.#event;
    this.#data = '';
    this.#event = '';
    if (data === '') return;
    events.push({
      event: event === '' ? 'message' : event,
      data: data.slice(0, -1),
      lastEventId: this.#lastEventId,
    });
  }
}

/**
 * The events of a response body as they arrive (UTF-8, decoded across chunk boundaries). Ends
 * when the body does; rejects when reading fails (e.g. the request was aborted). Stopping the
 * iteration cancels the body.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new ServerSentEventParser();
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        yield* parser.push(decoder.decode());
        return;
      }
      yield* parser.push(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    // Stopped early (or failed): let go of the connection rather than leave it streaming.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
