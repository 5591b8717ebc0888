import type { BackgroundJobs } from '../jobs/background-jobs.js';
import type { JobHandle } from '../jobs/interval-job.js';
import type { Logger } from '../logging/logger.js';
import type { PredictionLogService } from './prediction-log-service.js';

export const RETENTION_JOB = 'prediction-retention';
const HOUR_MS = 3_600_000;

/**
 * Deletes predictions and ground truth older than `days` soon after start and then hourly, on one
 * of the servers sharing the store per hour (the deletion is of shared rows).
 */
export function scheduleRetention(
  jobs: BackgroundJobs,
  predictionLog: PredictionLogService,
  days: number,
  logger: Logger,
  intervalMs = HOUR_MS,
): JobHandle {
  return jobs.every({
    name: RETENTION_JOB,
    intervalMs,
    runAtStart: true,
    acrossServers: true,
    run: async () => {
      const result = await predictionLog.deleteOlderThanDays(days);
      if (result.predictions > 0 || result.groundTruth > 0) {
        logger.info({ job: RETENTION_JOB, ...result }, 'deleted old predictions');
      }
    },
  });
}
