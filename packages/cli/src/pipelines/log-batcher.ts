import type { LogStream } from './step-process.js';

export interface LogEntry {
  stream: LogStream;
  text: string;
}

export interface LogBatcherOptions {
  send(entries: LogEntry[]): Promise<void>;
  /** Called once per failed send; the lines of that batch are lost, the step goes on. */
  onError(err: unknown): void;
  intervalMs?: number;
  /**
   * A batch is sent early when it reaches this many characters; the server takes bodies up to
   * 1 MiB, and JSON escaping can make a character six bytes.
   */
  maxBatchChars?: number;
  /** Lines beyond this many waiting characters are dropped (counted, then reported). */
  maxPendingChars?: number;
}

/**
 * Collects a step's log lines and sends them in batches (every ~250 ms, or sooner when a batch
 * is full), one request at a time. Memory is bounded: when the server is slower than the step
 * writes, excess lines are dropped and a `system` line says how many.
 */
export class LogBatcher {
  private pending: LogEntry[] = [];
  private pendingChars = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failed = false;
  private readonly intervalMs: number;
  private readonly maxBatchChars: number;
  private readonly maxPendingChars: number;

  constructor(private readonly options: LogBatcherOptions) {
    this.intervalMs = options.intervalMs ?? 250;
    this.maxBatchChars = options.maxBatchChars ?? 128 * 1024;
    this.maxPendingChars = options.maxPendingChars ?? 4 * 1024 * 1024;
  }

  add(stream: LogStream, text: string): void {
    if (this.pendingChars + text.length > this.maxPendingChars) {
      this.dropped += 1;
      return;
    }
    if (this.dropped > 0) this.noteDropped();
    this.push({ stream, text });
    if (this.pendingChars >= this.maxBatchChars) this.sendSoon(0);
    else this.sendSoon(this.intervalMs);
  }

  /** Sends everything still waiting; resolves when the server has it (or a send failed). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped > 0) this.noteDropped();
    while (this.inFlight !== undefined || this.pending.length > 0) {
      if (this.inFlight !== undefined) await this.inFlight;
      else this.sendNow();
    }
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private push(entry: LogEntry): void {
    this.pending.push(entry);
    this.pendingChars += entry.text.length;
  }

  private noteDropped(): void {
    this.push({
      stream: 'system',
      text: `[${this.dropped} log line(s) dropped: the step wrote faster than the server took them]`,
    });
    this.dropped = 0;
  }

  private sendSoon(delayMs: number): void {
    if (this.inFlight !== undefined) return; // the send in flight schedules the next one
    if (this.timer !== undefined && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendNow();
    }, delayMs);
  }

  private sendNow(): void {
    if (this.inFlight !== undefined || this.pending.length === 0) return;
    const batch: LogEntry[] = [];
    let chars = 0;
    for (const entry of this.pending) {
      if (batch.length > 0 && chars + entry.text.length > this.maxBatchChars) break;
      batch.push(entry);
      chars += entry.text.length;
    }
    this.pending.splice(0, batch.length);
    this.pendingChars -= chars;
    this.inFlight = this.options
      .send(batch)
      .catch((err: unknown) => {
        if (!this.failed) this.options.onError(err);
        this.failed = true;
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending.length > 0) this.sendSoon(this.intervalMs);
      });
  }
}
