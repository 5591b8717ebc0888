export interface IntervalJobSpec {
  /** Names the job in logs and leases, e.g. `prediction-retention`. */
  name: string;
  intervalMs: number;
  /** Run once right after start instead of waiting one interval first. */
  runAtStart?: boolean | undefined;
  /**
   * Among servers sharing a store, run in one of them per interval (a lease of one interval in
   * the store); for work on shared data, such as deleting old rows.
   */
  acrossServers?: boolean | undefined;
  run: () => Promise<unknown>;
}

export interface JobHandle {
  /**
   * Runs the job now, or joins the run under way; skipped (resolves false) when another server
   * holds its lease. Rejects with the run's error, which the schedule also reports.
   */
  runNow(): Promise<boolean>;
  stop(): Promise<void>;
}

interface IntervalJobHooks {
  /** Takes the job's lease for `ttlMs`; undefined when it runs on every server. */
  acquire: ((ttlMs: number) => Promise<boolean>) | undefined;
  onError: (err: unknown) => void;
}

/**
 * One periodic job: runs never overlap, the next one is armed only once the previous one settled
 * (a slow store never piles runs up), and its timer never keeps the process alive.
 */
export class IntervalJob implements JobHandle {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private stopped = false;

  constructor(
    private readonly spec: IntervalJobSpec,
    private readonly hooks: IntervalJobHooks,
  ) {
    if (!Number.isFinite(spec.intervalMs) || spec.intervalMs < 1) {
      throw new Error(
        `Job ${spec.name} needs an interval of at least 1 ms, got ${spec.intervalMs}.`,
      );
    }
  }

  start(): void {
    this.arm(this.spec.runAtStart ? 0 : this.spec.intervalMs);
  }

  runNow(): Promise<boolean> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async runOnce(): Promise<boolean> {
    if (this.hooks.acquire !== undefined && !(await this.hooks.acquire(this.spec.intervalMs))) {
      return false;
    }
    await this.spec.run();
    return true;
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runNow()
        .catch((err: unknown) => {
          try {
            this.hooks.onError(err);
          } catch {
            // The schedule must survive a broken error hook.
          }
        })
        .finally(() => this.arm(this.spec.intervalMs));
    }, delay);
    this.timer.unref();
  }
}
