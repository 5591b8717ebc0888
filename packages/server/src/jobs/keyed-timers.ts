import type { ServiceClock } from '../support/clock.js';

/**
 * One-shot timers by (job, key), e.g. one per progressing canary armed for when its step is due.
 * Arming a key again replaces its timer; timers are unref'd, and `stop()` clears them all and
 * waits for callbacks already running.
 */
export class KeyedTimers {
  private readonly timers = new Map<string, Map<string, NodeJS.Timeout>>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly clock: ServiceClock,
    private readonly onError: (job: string, key: string, err: unknown) => void,
  ) {}

  schedule(job: string, key: string, at: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    this.cancel(job, key);
    const delay = Math.max(0, at - this.clock.now());
    const timer = setTimeout(() => {
      this.timers.get(job)?.delete(key);
      const done = run()
        .catch((err: unknown) => this.onError(job, key, err))
        .finally(() => this.running.delete(done));
      this.running.add(done);
    }, delay);
    timer.unref();
    let byKey = this.timers.get(job);
    if (byKey === undefined) {
      byKey = new Map();
      this.timers.set(job, byKey);
    }
    byKey.set(key, timer);
  }

  cancel(job: string, key: string): void {
    const byKey = this.timers.get(job);
    const timer = byKey?.get(key);
    if (timer !== undefined) clearTimeout(timer);
    byKey?.delete(key);
  }

  keys(job: string): string[] {
    return [...(this.timers.get(job)?.keys() ?? [])];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const byKey of this.timers.values()) {
      for (const timer of byKey.values()) clearTimeout(timer);
    }
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
