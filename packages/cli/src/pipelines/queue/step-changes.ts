import { stepKeyOfJob } from './queue-location.js';
import type { StepQueue } from './step-queue.js';

/**
 * Which steps of a run may have changed since the orchestrator last looked, from the queue's job
 * events (a job of the step became active, completed or failed), and a sleep those events cut
 * short. A job completes or fails only after its worker recorded the outcome on the server, so
 * reading a step after its event sees that outcome; events are only hints, though (some are
 * never delivered), and the orchestrator still reads every waiting step now and then.
 */
export class StepChanges {
  private readonly changed = new Set<string>();
  private wake: (() => void) | undefined;
  private stop: (() => Promise<void>) | undefined;

  /** Starts listening to the queue's events for run `runId`, when the queue offers them. */
  watch(queue: StepQueue, runId: string): void {
    this.stop ??= queue.watch?.((jobId) => {
      const key = stepKeyOfJob(runId, jobId);
      if (key === undefined) return;
      this.changed.add(key);
      this.wake?.();
    });
  }

  /** Takes the keys marked changed since the last call (those `keep` accepts). */
  take(keep: (key: string) => boolean): string[] {
    const keys = [...this.changed].filter(keep);
    this.changed.clear();
    return keys;
  }

  /** Waits `ms`, or less when a step is (or was already) marked changed. */
  async sleep(ms: number): Promise<void> {
    if (this.changed.size > 0 || ms <= 0) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        done();
      };
    });
  }

  async close(): Promise<void> {
    this.wake?.();
    await this.stop?.();
    this.stop = undefined;
  }
}
