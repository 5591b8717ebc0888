import type {
  DataProfile,
  ExpectationSuite,
  MonitorSpec,
  MonitorVersionResult,
} from '@slipway/core';
import type { PredictionWindow, WindowRows } from '../../prediction-log/prediction-window.js';
import { judgeWindow } from './judge-window.js';
import type { WindowReference } from './judge-window.js';
import { messageOf, step } from './run-step.js';
import { windowServing } from './window-serving.js';

/** A run's reference as handed to a judge: a profile, or a span of earlier traffic still to read. */
export type JobReference =
  | { kind: 'profile'; profile: DataProfile }
  | { kind: 'traffic'; window: PredictionWindow; description: string };

/** One monitor run once its suite and reference profile are known: what is left to read and judge. */
export interface WindowJob {
  spec: MonitorSpec;
  window: PredictionWindow;
  reference: JobReference;
  suite: ExpectationSuite | undefined;
}

/** What the window read held, as the runner reports it (start of a `last` window, truncation). */
export interface WindowReadSummary {
  rows: number;
  /** The oldest row's time; undefined when the window held no successful prediction. */
  firstRowTime: number | undefined;
  truncated: boolean;
}

/**
 * A job's results (with their `serving` figures), or why it failed: `read` is set once the window
 * was read, even when judging it then failed, so that a failed run still records its window.
 */
export interface WindowOutcome {
  read?: WindowReadSummary;
  results: MonitorVersionResult[];
  error?: string;
}

/** Reads a window of a deployment's prediction log (readPredictionWindow over some connection). */
export type WindowReader = (deployment: string, window: PredictionWindow) => Promise<WindowRows>;

/**
 * Where a run's window is read and judged: inline over the server's connection, or a worker
 * thread over its own (MonitorJudgeThread). Never rejects for a failed step (see `error`).
 */
export interface WindowJudge {
  judge(job: WindowJob): Promise<WindowOutcome>;
}

function byVersion(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function referenceOf(read: WindowReader, job: WindowJob): Promise<WindowReference> {
  const { reference } = job;
  if (reference.kind === 'profile') return reference;
  const rows = await step('Reading the reference traffic failed', () =>
    read(job.spec.deployment, reference.window),
  );
  return { kind: 'traffic', rows: rows.rows, description: reference.description };
}

/**
 * Reads the window, then the reference traffic (if any), judges all traffic and each version
 * apart, and attaches each result's serving figures. The same code runs inline and in the thread,
 * so the two cannot drift apart.
 */
export async function readAndJudgeWindow(
  read: WindowReader,
  job: WindowJob,
): Promise<WindowOutcome> {
  const { spec } = job;
  let window: WindowRows;
  try {
    window = await step('Reading the prediction log failed', () =>
      read(spec.deployment, job.window),
    );
  } catch (err) {
    return { results: [], error: messageOf(err) };
  }
  const outcome: WindowOutcome = {
    read: {
      rows: window.rows.length,
      firstRowTime: window.rows[0]?.time,
      truncated: window.truncated,
    },
    results: [],
  };
  try {
    const reference = await referenceOf(read, job);
    // Versions that only failed in the window are listed too: their error rate is the news.
    const versions = [...new Set(window.served.versions)].sort(byVersion);
    const judged = judgeWindow({ spec, versions, rows: window.rows, reference, suite: job.suite });
    outcome.results = judged.map((r) => ({
      ...r,
      serving: windowServing(window.served, r.version),
    }));
  } catch (err) {
    outcome.error = messageOf(err);
  }
  return outcome;
}

/** Reads and judges on the calling thread (tests, `monitorThread: false`, no thread possible). */
export function inlineWindowJudge(read: WindowReader): WindowJudge {
  return { judge: (job) => readAndJudgeWindow(read, job) };
}
