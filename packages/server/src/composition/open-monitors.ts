import type { DeploymentStore } from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import type { BackgroundJobs } from '../jobs/background-jobs.js';
import type { Logger } from '../logging/logger.js';
import type { MonitorMetrics } from '../serving/metrics/monitor-metrics.js';
import { AlertService } from '../monitoring/alerts/alert-service.js';
import type { AlertPublisher, AlertServiceDeps } from '../monitoring/alerts/alert-service.js';
import { SqlAlertStore } from '../storage/sql/alert-store.js';
import { SqlMonitorStore } from '../storage/sql/monitor-store.js';
import type { SqlDatabase } from '../storage/sql/sql-database.js';
import type { ServiceClock } from '../support/clock.js';
import { StoreArtifactUriReader } from '../monitoring/monitors/artifact-uri-reader.js';
import type { ArtifactUriSources } from '../monitoring/monitors/artifact-uri-reader.js';
import { MonitorRunner } from '../monitoring/monitors/monitor-runner.js';
import type { MonitorRunnerDeps } from '../monitoring/monitors/monitor-runner.js';
import { MonitorScheduler } from '../monitoring/monitors/monitor-scheduler.js';
import { MonitorService } from '../monitoring/monitors/monitor-service.js';

export const MONITOR_SYNC_JOB = 'monitor-sync';
export const MONITOR_RETENTION_JOB = 'monitor-retention';
const SYNC_INTERVAL_MS = 30_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface OpenMonitorsOptions extends ArtifactUriSources {
  database: SqlDatabase;
  deployments: Pick<DeploymentStore, 'get'>;
  access: AccessService;
  predictions: MonitorRunnerDeps['predictions'];
  /** Where runs are read and judged (the server's MonitorJudgeThread); default inline. */
  judge?: MonitorRunnerDeps['judge'];
  metrics: MonitorMetrics;
  /** Where alert firings and retraining triggers go besides the log (the webhook dispatcher). */
  publisher: AlertPublisher;
  /** The webhook delivery log, shown with each alert event. */
  deliveries: AlertServiceDeps['deliveries'];
  jobs: BackgroundJobs;
  clock: ServiceClock;
  logger: Logger;
  /** Results older than this many days are deleted, as predictions are (0: kept). */
  retentionDays: number;
}

/**
 * The monitors module: its service over the SQL store and the runner, the schedules of the stored
 * monitors armed, a periodic re-sync (monitors applied or deleted on another server), and the
 * retention of results along the prediction log's.
 */
export async function openMonitors(
  options: OpenMonitorsOptions,
): Promise<{ monitors: MonitorService; alerts: AlertService }> {
  const { jobs, logger, clock, retentionDays } = options;
  const references = new StoreArtifactUriReader(options);
  const runner = new MonitorRunner({
    predictions: options.predictions,
    artifacts: references,
    logger: logger.child({ module: 'monitor-runner' }),
    judge: options.judge,
  });
  const store = new SqlMonitorStore(options.database);
  const alerts = new AlertService({
    store: new SqlAlertStore(options.database),
    monitors: store,
    access: options.access,
    publisher: options.publisher,
    deliveries: options.deliveries,
    metrics: options.metrics,
    clock,
    logger,
  });
  // A job runs an interval after it is armed, by when `monitors` is set.
  const scheduler = new MonitorScheduler(jobs, (name) => monitors.runScheduled(name));
  const monitors: MonitorService = new MonitorService({
    store,
    deployments: options.deployments,
    access: options.access,
    runner,
    references,
    alerts,
    metrics: options.metrics,
    scheduler,
    clock,
    logger,
  });
  await monitors.syncSchedules();
  await alerts.restoreGauges();
  jobs.every({
    name: MONITOR_SYNC_JOB,
    intervalMs: SYNC_INTERVAL_MS,
    run: () => monitors.syncSchedules(),
  });
  if (retentionDays > 0) {
    jobs.every({
      name: MONITOR_RETENTION_JOB,
      intervalMs: HOUR_MS,
      runAtStart: true,
      acrossServers: true,
      run: async () => {
        const deleted = await monitors.deleteResultsBefore(clock.now() - retentionDays * DAY_MS);
        if (deleted > 0)
          logger.info({ job: MONITOR_RETENTION_JOB, deleted }, 'deleted old monitor results');
      },
    });
  }
  return { monitors, alerts };
}
