import type { PipelineRun, StepStatus } from '@slipway/core';
import type { LogStream } from './step-process.js';

/** How a step ended, as the runner saw it. */
export interface StepEnd {
  status: Extract<StepStatus, 'succeeded' | 'cached' | 'failed' | 'skipped' | 'cancelled'>;
  cacheKey?: string;
  /** Wall time of the step's last attempt (not set for cached and skipped steps). */
  durationMs?: number;
  exitCode?: number;
  error?: string;
  cachedFrom?: { runId: string; stepKey: string };
}

/** What the runner reports while it works; the CLI turns these into progress lines. */
export interface RunnerEvents {
  runCreated?(run: PipelineRun): void;
  stepStarted?(stepKey: string, attempt: number): void;
  stepLine?(stepKey: string, stream: LogStream, text: string): void;
  stepRetrying?(stepKey: string, attempt: number, error: string, delayMs: number): void;
  stepFinished?(stepKey: string, end: StepEnd): void;
  /** Something went wrong that does not stop the run (a log batch lost, say). */
  warning?(text: string): void;
}
