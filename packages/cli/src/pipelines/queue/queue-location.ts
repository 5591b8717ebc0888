import type { CacheKeyParts } from '@slipway/core';
import { UsageError } from '../../usage-error.js';

// What orchestrator and workers agree on about the queue; loads neither BullMQ nor ioredis, so a
// command that does not use the queue does not pay for them.

/** The BullMQ queue that carries pipeline steps to `slipway worker` processes. */
export const STEP_QUEUE_NAME = 'slipway-pipeline-steps';
export const DEFAULT_QUEUE_PREFIX = 'slipway';

/** What a job carries: where to report and which step; the run and step state live on the server. */
export interface StepJobData {
  serverUrl: string;
  runId: string;
  stepKey: string;
  /** The code step's outputs digest: the version of the pipeline directory to run in. */
  code: string;
  /** Computed by the orchestrator, recorded by the worker when it starts the step. */
  cacheKey: string;
  cacheParts: CacheKeyParts;
}

export interface QueueLocation {
  /** redis://host:port[/db] (or rediss:// for TLS). */
  url: string;
  /** Namespaces the queue's Redis keys (BullMQ's prefix). */
  prefix: string;
}

/**
 * A job's id: the run, the step and the attempt it is for, so that adding the job for one attempt
 * twice (a retry, a takeover noticed by two parties) is a no-op. BullMQ refuses ids with `:`,
 * which encodeURIComponent escapes along with anything else unusual in a step key.
 */
export function stepJobId(runId: string, stepKey: string, attempt: number, takeover = 0): string {
  const base = `${runId}.${encodeURIComponent(stepKey)}.${attempt}`;
  return takeover === 0 ? base : `${base}-${takeover}`;
}

/** The step key a job of run `runId` is for (see stepJobId); undefined for another run's job. */
export function stepKeyOfJob(runId: string, jobId: string): string | undefined {
  if (!jobId.startsWith(`${runId}.`)) return undefined;
  const match = /^(.+)\.\d+(?:-\d+)?$/u.exec(jobId.slice(runId.length + 1));
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
}

/** The queue location from `--queue`/SLIPWAY_QUEUE and `--queue-prefix`/SLIPWAY_QUEUE_PREFIX. */
export function queueLocation(
  url: string,
  prefix: string | undefined,
  env: Record<string, string | undefined>,
): QueueLocation {
  if (!/^rediss?:\/\/[^/]/u.test(url)) {
    throw new UsageError(
      `--queue (or SLIPWAY_QUEUE) must be a Redis URL such as redis://127.0.0.1:6379 or redis://host:6379/2, not '${url}'.`,
    );
  }
  const chosen = prefix ?? nonEmpty(env.SLIPWAY_QUEUE_PREFIX) ?? DEFAULT_QUEUE_PREFIX;
  if (!/^[A-Za-z0-9._-]+$/u.test(chosen)) {
    throw new UsageError(
      `The queue prefix must be letters, digits, '.', '_' or '-', not '${chosen}'.`,
    );
  }
  return { url, prefix: chosen };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
