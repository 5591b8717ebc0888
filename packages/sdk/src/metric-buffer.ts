import type { MetricInput } from './runs-api.js';

export interface MetricBufferOptions {
  /** Largest batch sent in one request (the server accepts up to 1000 metrics). */
  batchSize: number;
  /** How long a partial batch may wait before it is sent. */
  intervalMs: number;
  /** Sends one batch; its failure is kept and reported through `takeError`. */
  send: (metrics: Array<Required<MetricInput>>) => Promise<void>;
}

/**
 * Buffers metrics and sends them in the background: a full batch goes at once, a partial one after
 * `intervalMs`. At most one request is in flight, so batches arrive in the order they were logged
 * and a slow server slows the flushing, not the training loop.
 */
export class MetricBuffer {
  private pending: Array<Required<MetricInput>> = [];
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: MetricBufferOptions) {}

  get size(): number {
    return this.pending.length;
  }

  add(metric: Required<MetricInput>): void {
    this.pending.push(metric);
    if (this.pending.length >= this.options.batchSize) this.kick();
    else this.arm();
  }

  /** The error of a failed background send, once; undefined when all went well. */
  takeError(): { error: unknown } | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }

  /** Sends everything buffered and waits for it. */
  async drain(): Promise<void> {
    this.disarm();
    while (this.pending.length > 0 || this.inFlight) {
      if (!this.inFlight) this.kick();
      await this.inFlight;
    }
  }

  private kick(): void {
    if (this.inFlight || this.pending.length === 0) return;
    this.disarm();
    const batch = this.pending.splice(0, this.options.batchSize);
    this.inFlight = this.options
      .send(batch)
      .catch((error: unknown) => {
        // Keep the first failure: later ones are usually its consequence.
        this.failure ??= { error };
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending.length >= this.options.batchSize) this.kick();
        else if (this.pending.length > 0) this.arm();
      });
  }

  private arm(): void {
    if (this.timer || this.inFlight) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.options.intervalMs);
    // A pending flush must not keep a finished script alive; end() drains explicitly.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
