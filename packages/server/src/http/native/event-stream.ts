import { Readable } from 'node:stream';

export interface EventStreamOptions {
  /** A comment line this often, so proxies and clients see an idle stream is still alive. */
  heartbeatMs: number;
  /**
   * Unread bytes above which events are dropped rather than queued: a client that stops reading
   * gets the next event once it catches up (each is complete in itself) instead of costing memory.
   */
  maxBufferedBytes: number;
  /** Runs once when the stream is over: finished, or destroyed because the client went away. */
  onClose(): void;
}

/** One server-sent event; every line of `data` becomes a `data:` line, as the format requires. */
export function formatEvent(event: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/u).map((line) => `data: ${line}`);
  return `event: ${event}\n${lines.join('\n')}\n\n`;
}

/**
 * The body of a `text/event-stream` response. Fastify pipes it to the socket and destroys it when
 * the client goes away (or the socket fails); either way, or after finish(), the heartbeat timer
 * is cleared and `onClose` runs exactly once.
 */
export class EventStream extends Readable {
  readonly #options: EventStreamOptions;
  readonly #heartbeat: NodeJS.Timeout;
  #over = false;

  constructor(options: EventStreamOptions) {
    super();
    this.#options = options;
    this.#heartbeat = setInterval(() => this.comment('heartbeat'), options.heartbeatMs).unref();
  }

  /** Events are pushed as they happen; there is nothing to fetch on demand. */
  override _read(): void {}

  /** Queues one event; false when it was dropped (stream over, or the client not reading). */
  send(event: string, data: string): boolean {
    if (this.#over || this.readableLength > this.#options.maxBufferedBytes) return false;
    this.push(formatEvent(event, data));
    return true;
  }

  comment(text: string): void {
    if (!this.#over && this.readableLength <= this.#options.maxBufferedBytes) {
      this.push(`: ${text}\n\n`);
    }
  }

  /** Sends a last event (if any) and ends the response. */
  finish(last?: { event: string; data: string }): void {
    if (this.#over) return;
    if (last !== undefined) this.push(formatEvent(last.event, last.data));
    this.push(null);
    this.#close();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.#close();
    callback(err);
  }

  #close(): void {
    if (this.#over) return;
    this.#over = true;
    clearInterval(this.#heartbeat);
    this.#options.onClose();
  }
}
