import { invalidArgument } from '@slipway/core';
import type { PredictionLogStore, RetentionResult } from '@slipway/core';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  store: Pick<PredictionLogStore, 'deleteOlderThan'>;
  /** Predictions and ground truth older than this many days are deleted. */
  retentionDays: number;
  /** Time between passes. Default one hour. */
  intervalMs?: number;
  /** Injected clock (ms since the epoch). Default Date.now. */
  now?: () => number;
  onResult?: (result: RetentionResult & { cutoff: number }) => void;
  /** A failed pass is reported here and retried at the next interval. Must not throw. */
  onError?: (error: unknown) => void;
}

export interface RetentionHandle {
  /** Runs one pass now (or joins the pass already running). Rejects if the store fails. */
  runOnce(): Promise<RetentionResult>;
  /** Stops the schedule and waits for a running pass. */
  stop(): Promise<void>;
}

/**
 * Deletes old prediction-log rows once at start and then every `intervalMs`. Passes never overlap,
 * and the timer does not keep the process alive.
 */
export function startRetention(options: RetentionOptions): RetentionHandle {
  const { store, retentionDays } = options;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
    throw invalidArgument(
      `Prediction retention must be a positive number of days, got ${retentionDays}.`,
    );
  }
  if (!Number.isFinite(intervalMs) || intervalMs < 1) {
    throw invalidArgument(`Retention interval must be at least 1 ms, got ${intervalMs}.`);
  }

  let running: Promise<RetentionResult> | undefined;
  let stopped = false;

  const runOnce = (): Promise<RetentionResult> => {
    running ??= (async () => {
      try {
        const cutoff = now() - retentionDays * DAY_MS;
        const result = await store.deleteOlderThan(cutoff);
        options.onResult?.({ ...result, cutoff });
        return result;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const tick = (): void => {
    if (stopped) return;
    runOnce().catch((err: unknown) => {
      try {
        options.onError?.(err);
      } catch {
        // The schedule must survive a broken error hook.
      }
    });
  };

  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
