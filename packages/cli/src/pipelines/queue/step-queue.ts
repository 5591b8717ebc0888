import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CacheKeyParts } from '@slipway/core';
import { UsageError } from '../../usage-error.js';

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

/**
 * A Redis connection for BullMQ. Workers block on Redis and must retry forever
 * (`maxRetriesPerRequest: null`, as BullMQ requires); a producer fails fast instead, so a
 * mistyped URL is an error rather than a hang.
 */
export function redisConnection(location: QueueLocation, role: 'producer' | 'worker'): Redis {
  return new Redis(location.url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    ...(role === 'producer' ? { connectTimeout: 5000 } : {}),
  });
}

/** Adding step jobs; whoever adds (orchestrator or worker) goes through this. */
export interface StepQueue {
  /**
   * Adds the job for one attempt of a step (a no-op when that job was added already), to start
   * after `delayMs`.
   */
  add(data: StepJobData, jobId: string, delayMs?: number): Promise<void>;
  /** Whether the job is waiting, delayed or being processed (not finished, not unknown). */
  isPending(jobId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Finished jobs are kept a day, so that adding one again within that time stays a no-op. */
const KEEP_JOBS = { age: 24 * 3600, count: 100_000 };

/** The step queue over an open connection (which the caller closes). */
export function stepQueue(connection: Redis, prefix: string): StepQueue {
  const queue = new Queue<StepJobData>(STEP_QUEUE_NAME, { connection, prefix });
  return {
    async add(data, jobId, delayMs = 0) {
      await queue.add('step', data, {
        jobId,
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        // A worker that cannot reach the server throws; the job is tried again a little later.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: KEEP_JOBS,
        removeOnFail: KEEP_JOBS,
      });
    },
    async isPending(jobId) {
      const state = await queue.getJobState(jobId);
      return state !== 'completed' && state !== 'failed' && state !== 'unknown';
    },
    close: () => queue.close(),
  };
}

/** Opens the step queue and checks that Redis answers, with an error that names the URL. */
export async function openStepQueue(location: QueueLocation): Promise<StepQueue> {
  const connection = redisConnection(location, 'producer');
  try {
    await connection.ping();
  } catch (err) {
    connection.disconnect();
    throw new UsageError(
      `Cannot reach the queue's Redis at ${location.url}: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
  const queue = stepQueue(connection, location.prefix);
  return {
    add: (data, jobId, delayMs) => queue.add(data, jobId, delayMs),
    isPending: (jobId) => queue.isPending(jobId),
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
