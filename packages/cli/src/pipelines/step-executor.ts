import type { PlannedStep } from '@slipway/core';
import type { RunContext } from './run-context.js';
import { runAttempts } from './step-attempts.js';

/**
 * Where the steps that must run (not cached, not reused) run: here as child processes, or on
 * queue workers. The orchestrator (planning, cache lookups, readiness, skips) is the same for both.
 */
export interface StepExecutor {
  /** Steps the executor adds to the recorded run besides the planned ones (none here). */
  extraSteps(): PlannedStep[];
  /** Called once the run is recorded, before any step starts. */
  prepare(ctx: RunContext): Promise<void>;
  /** Runs the step to its end (with its retries) and records it; never throws. */
  execute: RunContext['execute'];
  /** Releases what the executor holds (connections); called once the run is over. */
  close(): Promise<void>;
}

/** Runs each step here, one attempt after another. */
export const inProcessExecutor: StepExecutor = {
  extraSteps: () => [],
  prepare: () => Promise.resolve(),
  execute: runAttempts,
  close: () => Promise.resolve(),
};
