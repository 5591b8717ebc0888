/**
 * One timer per progressing canary, armed for when its current step is due (canaryDueAt). Timers
 * are unref'd, so a pending analysis never keeps the process alive, and `stop()` clears them all.
 * The callback decides what comes next and re-arms (or not) through `schedule`.
 */
export class CanaryScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly evaluate: (deployment: string) => Promise<void>,
    private readonly now: () => number,
    private readonly onError: (deployment: string, err: unknown) => void,
  ) {}

  /** (Re-)arms the deployment's timer for time `at` (ms since the epoch); past times run at once. */
  schedule(deployment: string, at: number): void {
    if (this.stopped) return;
    this.cancel(deployment);
    const delay = Math.max(0, at - this.now());
    const timer = setTimeout(() => {
      this.timers.delete(deployment);
      this.evaluate(deployment).catch((err: unknown) => this.onError(deployment, err));
    }, delay);
    timer.unref();
    this.timers.set(deployment, timer);
  }

  cancel(deployment: string): void {
    const timer = this.timers.get(deployment);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(deployment);
  }

  /** Deployments with an armed timer. */
  scheduled(): string[] {
    return [...this.timers.keys()];
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
