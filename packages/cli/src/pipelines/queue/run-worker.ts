import { Worker } from 'bullmq';
import { STEP_QUEUE_NAME } from './queue-location.js';
import type { QueueLocation, StepJobData } from './queue-location.js';
import { processStepJob } from './step-worker.js';
import type { JobResult, StepWorkerOptions } from './step-worker.js';
import { redisConnection, stepQueue } from './step-queue.js';

export interface RunWorkerOptions extends Omit<StepWorkerOptions, 'queue'> {
  location: QueueLocation;
  concurrency: number;
  /**
   * A job's lock, renewed while it runs; once a killed worker's lock expires BullMQ's stalled
   * check hands the job to another worker, whose start takes the step over when its heartbeat
   * is stale by then (else the job ends unrun and the orchestrator's takeover does it).
   */
  lockDurationMs: number;
  write(line: string): void;
}

/**
 * Takes step jobs off the queue until SIGTERM or SIGINT, which stop taking jobs and wait for the
 * running ones; a second signal quits at once (the steps it was running are taken over by other
 * workers once their heartbeats are stale). Resolves once stopped.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const { location, write } = options;
  const connection = redisConnection(location, 'worker');
  const queue = stepQueue(connection, location.prefix);
  // One experiment-id map for all jobs: a tracked run then costs one call, not a lookup too.
  const stepOptions: StepWorkerOptions = { ...options, queue, experiments: new Map() };
  const worker = new Worker<StepJobData, JobResult>(
    STEP_QUEUE_NAME,
    async (job) => {
      const { runId, stepKey } = job.data;
      write(`▶ ${runId} ${stepKey} (job ${job.id ?? '?'})`);
      const result = await processStepJob(stepOptions, job.data);
      write(`${runId} ${stepKey}: ${describe(result)}`);
      return result;
    },
    {
      connection,
      prefix: location.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
    },
  );
  worker.on('failed', (job, err) =>
    write(`job ${job?.id ?? '?'} failed: ${err.message} (BullMQ tries it again)`),
  );
  worker.on('error', (err) => write(`warning: queue: ${err.message}`));
  try {
    await worker.waitUntilReady();
    write(
      `worker ${options.workerId} waiting for steps on ${location.url} (queue ${STEP_QUEUE_NAME}, prefix ${location.prefix}, concurrency ${options.concurrency})`,
    );
    await new Promise<void>((done) => {
      const onSignal = (signal: NodeJS.Signals) => {
        process.off(signal === 'SIGINT' ? 'SIGTERM' : 'SIGINT', onSignal);
        const quit = () => {
          write(`${signal} again: quitting without waiting for the running steps`);
          process.exit(130);
        };
        process.once('SIGINT', quit);
        process.once('SIGTERM', quit);
        write(`${signal}: finishing the running steps, taking no more (again to quit at once)`);
        void worker
          .close()
          .catch((err: unknown) => write(`warning: ${String(err)}`))
          .finally(done);
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
  } finally {
    await worker.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await connection.quit().catch(() => connection.disconnect());
  }
  write(`worker ${options.workerId} stopped`);
}

function describe(result: JobResult): string {
  switch (result.kind) {
    case 'not-run':
      return `not run: ${result.reason}`;
    case 'refused':
      return `not run: ${result.error}`;
    case 'retry':
      return `attempt ${result.attempt} failed (${result.error}); retrying in ${result.delayMs} ms`;
    case 'ended':
      return result.end.error === undefined
        ? result.end.status
        : `${result.end.status}: ${result.end.error}`;
  }
}
