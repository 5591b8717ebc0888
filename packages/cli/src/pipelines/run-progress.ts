import { formatElapsed } from './durations.js';
import type { RunnerEvents, StepEnd } from './runner-events.js';

/**
 * The live lines of `slipway pipelines run` (on stderr, so stdout stays the result): one line as
 * each step starts and ends, and the steps' own output prefixed with `[step]`.
 */
export function progressLines(write: (line: string) => void): RunnerEvents {
  return {
    runCreated(run) {
      write(`pipeline ${run.pipeline}: run ${run.runId} (${run.steps.length} step(s))`);
    },
    stepStarted(key, attempt) {
      write(attempt > 1 ? `▶ ${key} (attempt ${attempt})` : `▶ ${key}`);
    },
    stepLine(key, stream, text) {
      write(stream === 'system' ? `[${key}] # ${text}` : `[${key}] ${text}`);
    },
    stepRetrying(key, attempt, error, delayMs) {
      write(`↻ ${key} attempt ${attempt} failed (${error}); retrying in ${formatElapsed(delayMs)}`);
    },
    stepFinished(key, end) {
      write(endLine(key, end));
    },
    warning(text) {
      write(`warning: ${text}`);
    },
  };
}

export function endLine(key: string, end: StepEnd): string {
  const took = end.durationMs === undefined ? '' : ` ${formatElapsed(end.durationMs)}`;
  switch (end.status) {
    case 'succeeded':
      return `✓ ${key}${took}`;
    case 'cached':
      return `cached ${key}`;
    case 'skipped':
      return `- ${key} skipped (${end.error ?? 'a step it needs did not succeed'})`;
    case 'cancelled':
      return `✗ ${key} cancelled`;
    case 'failed':
      return `✗ ${key} ${end.error ?? 'failed'}${took}`;
  }
}
