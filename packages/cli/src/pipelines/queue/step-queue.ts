import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError } from '../../usage-error.js';
import { STEP_QUEUE_NAME } from './queue-location.js';
import type { QueueLocation, StepJobData } from './queue-location.js';

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
  /**
   * `pending` when the job waits, is delayed or is being processed; `failed` (with BullMQ's
   * reason) when its tries are spent; `gone` when it finished or is unknown.
   */
  jobState(
    jobId: string,
  ): Promise<{ state: 'pending' | 'gone' } | { state: 'failed'; reason: string }>;
  close(): Promise<void>;
  /**
   * Calls `onJob` with the id of each job that becomes active, completes or fails, until the
   * returned function is called: a hint to look at its step now, never the only way to learn of
   * it (events from before the listener is up, or while Redis is away, are not replayed).
   */
  watch?(onJob: (jobId: string) => void): () => Promise<void>;
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
    async jobState(jobId) {
      const state = await queue.getJobState(jobId);
      if (state === 'failed') {
        const job = await queue.getJob(jobId);
        return { state: 'failed', reason: job?.failedReason ?? 'unknown' };
      }
      return { state: state === 'completed' || state === 'unknown' ? 'gone' : 'pending' };
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
    jobState: (jobId) => queue.jobState(jobId),
    watch: (onJob) => watchJobs(location, onJob),
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** BullMQ's job events on the step queue, on a connection of their own (they block on Redis). */
function watchJobs(location: QueueLocation, onJob: (jobId: string) => void): () => Promise<void> {
  const connection = redisConnection(location, 'worker');
  const events = new QueueEvents(STEP_QUEUE_NAME, { connection, prefix: location.prefix });
  const onEvent = ({ jobId }: { jobId: string }) => onJob(jobId);
  events.on('active', onEvent);
  events.on('completed', onEvent);
  events.on('failed', onEvent);
  // Only a hint: the orchestrator's poll still sees everything while Redis is away.
  events.on('error', () => undefined);
  return async () => {
    await events.close().catch(() => undefined);
    connection.disconnect();
  };
}
