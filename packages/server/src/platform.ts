import type { ArtifactStore, Permission } from '@slipway/core';
import { AccessService } from './access/access-service.js';
import { Authenticator } from './access/authenticator.js';
import { UserService } from './access/user-service.js';
import { AuditService } from './audit/audit-service.js';
import { DriftService } from './monitoring/drift/drift-service.js';
import type { MonitorService } from './monitoring/monitors/monitor-service.js';
import type { AlertService } from './monitoring/alerts/alert-service.js';
import { openMonitors } from './composition/open-monitors.js';
import { MonitorJudgeThread } from './monitoring/monitors/monitor-judge-thread.js';
import { ValidationService } from './monitoring/validation-service.js';
import { openServing } from './composition/open-serving.js';
import type { ServerConfig } from './config/config.js';
import { BackgroundJobs } from './jobs/background-jobs.js';
import { LineageService } from './lineage/lineage-service.js';
import { createLogger, reasonOf } from './logging/logger.js';
import type { Logger, LogLevel } from './logging/logger.js';
import { AbAnalysisService } from './prediction-log/ab-analysis/ab-analysis-service.js';
import { PredictionLogService } from './prediction-log/prediction-log-service.js';
import { PredictionLogger } from './prediction-log/prediction-logger.js';
import { scheduleRetention } from './prediction-log/retention-job.js';
import { ArtifactService } from './services/artifact-service.js';
import { DatasetService } from './services/dataset-service.js';
import { DatasetBlobs } from './services/datasets/dataset-blobs.js';
import { PipelineBlobs } from './pipelines/pipeline-blobs.js';
import { PipelineService } from './pipelines/pipeline-service.js';
import { PipelineStepFiles } from './pipelines/pipeline-step-files.js';
import { PipelineStepService } from './pipelines/pipeline-step-service.js';
import { ExperimentService } from './services/experiment-service.js';
import { LoggedModelService } from './services/logged-model-service.js';
import { RegistryEventRelay } from './services/registry-events.js';
import { RegistryService } from './services/registry-service.js';
import { RunService } from './services/run-service.js';
import { VersionFileGuard } from './services/version-file-guard.js';
import type { DeploymentHost } from './serving/deployments/deployment-host.js';
import type { DeploymentResolver } from './serving/deployments/deployment-resolver.js';
import type { DeploymentService } from './serving/deployments/deployment-service.js';
import type { DeploymentStatsService } from './serving/deployments/deployment-stats-service.js';
import { servingObserver } from './serving/deployments/serving-observer.js';
import { ServingMetrics } from './serving/metrics/serving-metrics.js';
import {
  openArtifactStore,
  parseArtifactStoreUri,
} from './storage/artifacts/open-artifact-store.js';
import { SqlAuditStore } from './storage/sql/audit-store.js';
import { SqlJobLeaseStore } from './storage/sql/job-lease-store.js';
import { migrateToLatest } from './storage/sql/migrate.js';
import { openDatabase } from './storage/sql/open-database.js';
import { SqlPredictionLogStore } from './storage/sql/prediction-log-store.js';
import type { SqlDatabase } from './storage/sql/sql-database.js';
import { SqlUnitOfWork, sqlStores } from './storage/sql/unit-of-work.js';
import { SqlWebhookStore } from './storage/sql/webhook-store.js';
import { systemClock } from './support/clock.js';
import type { ServiceClock } from './support/clock.js';
import { registryWebhookPayload } from './webhooks/registry-webhooks.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { httpWebhookSender } from './webhooks/webhook-sender.js';
import { WebhookService } from './webhooks/webhook-service.js';

/**
 * The composition root: every service wired to its stores, one per server process. The only
 * place (with composition/) that constructs stores; routes receive the services of their module.
 */
export interface Platform {
  /** Whether requests must carry credentials (see resolveAuth). */
  authEnabled: boolean;
  logger: Logger;
  jobs: BackgroundJobs;
  authenticator: Authenticator;
  access: AccessService;
  users: UserService;
  audit: AuditService;
  experiments: ExperimentService;
  runs: RunService;
  artifacts: ArtifactService;
  registry: RegistryService;
  /** MLflow 3 logged models (models as tracking entities, run outputs, version links). */
  loggedModels: LoggedModelService;
  /** The deployment control plane (apply, promote, rollback, feedback, canary analysis). */
  deployments: DeploymentService;
  /** What this server serves of the deployments (runtimes, sync with other servers). */
  deploymentHost: DeploymentHost;
  /** Live per-version statistics of the deployments this server serves. */
  deploymentStats: DeploymentStatsService;
  /** Deployments and registered models as Open Inference Protocol targets (REST and gRPC). */
  inference: DeploymentResolver;
  /** Prometheus metrics of serving (exposed at GET /metrics). */
  metrics: ServingMetrics;
  predictionLog: PredictionLogService;
  /** A/B analysis of deployments from the prediction log and bandit rewards. */
  abAnalysis: AbAnalysisService;
  /** Drift between data sets sent to the API. */
  drift: DriftService;
  /** Data sets sent to the API checked against expectation suites. */
  validation: ValidationService;
  /** Webhooks of registry events (MLflow 3's webhooks API) and their deliveries. */
  webhooks: WebhookService;
  /** Monitors of deployments: specs, schedules and the time series of their results. */
  monitors: MonitorService;
  /** Monitor alerts: states, events, deliveries and retraining triggers. */
  alerts: AlertService;
  /** Versioned datasets (content-addressed in the artifact store) and their links to runs. */
  datasets: DatasetService;
  /** Pipeline runs (the system of record runners report to) and cache lookups. */
  pipelines: PipelineService;
  /** The steps of pipeline runs: queue, start, heartbeat, retry, finish. */
  pipelineSteps: PipelineStepService;
  /** Step outputs (content-addressed in the artifact store) and step logs. */
  pipelineFiles: PipelineStepFiles;
  /** Lineage: datasets -> runs and pipeline steps -> model versions -> deployments. */
  lineage: LineageService;
  /** The prediction log's store and logger, for tests and benchmarks that inspect them. */
  predictionLogStore: SqlPredictionLogStore;
  predictionLogger: PredictionLogger;
  database: SqlDatabase;
  artifactStore: ArtifactStore;
  close(): Promise<void>;
}

export type PlatformConfig = Pick<
  ServerConfig,
  | 'backendStoreUri'
  | 'artifactsUri'
  | 'dbPoolSize'
  | 's3EndpointUrl'
  | 's3Region'
  | 's3AccessKeyId'
  | 's3SecretAccessKey'
  | 's3ForcePathStyle'
> &
  Partial<
    Pick<
      ServerConfig,
      | 'modelCacheDir'
      | 'workerPoolSize'
      | 'predictionRetentionDays'
      | 'deploymentSyncIntervalMs'
      | 'pipelineStaleAfterMs'
      | 'adminUser'
      | 'adminPassword'
      | 'defaultPermission'
    >
  > & {
    /** Require credentials (default false: everyone is the anonymous admin, as without auth). */
    authEnabled?: boolean | undefined;
    logger?: Logger | undefined;
    logLevel?: LogLevel | undefined;
    /** Whether webhooks may call loopback and private addresses (default true). */
    webhookAllowPrivateNetworks?: boolean | undefined;
    /** Waits before webhook retries (default 1 s, 4 s, 16 s). */
    webhookRetryDelaysMs?: number[] | undefined;
    /**
     * Read and judge monitor runs in a worker thread with its own connection (default true); false
     * reads and judges them on the main thread (benchmarks).
     */
    monitorThread?: boolean | undefined;
    /** How old a running step's heartbeat must be for another worker to take it over (default 60 s). */
    pipelineStaleLimitMs?: number | undefined;
  };

const DEFAULT_RETENTION_DAYS = 30;
const DEFAULT_DEPLOYMENT_SYNC_INTERVAL_MS = 2_000;
const DEFAULT_PERMISSION: Permission = 'READ';

export async function openPlatform(
  config: PlatformConfig,
  clock: ServiceClock = systemClock,
): Promise<Platform> {
  const logger = config.logger ?? createLogger(config.logLevel ?? 'warn');
  const storageLogger = logger.child({ module: 'storage' });
  const database = await openDatabase(config.backendStoreUri, {
    poolSize: config.dbPoolSize,
    onWarning: (message) => storageLogger.warn(message),
  });
  const closers: Array<() => Promise<void>> = [() => database.close()];
  // Background work stops first, so no job runs against a part already closed; the rest closes
  // in the reverse order of opening.
  let jobs: BackgroundJobs | undefined;
  const closeAll = async () => {
    await jobs?.stop();
    for (const close of closers.reverse()) {
      await close().catch((err: unknown) =>
        logger.error({ err, reason: reasonOf(err) }, 'closing the platform failed'),
      );
    }
  };
  try {
    await migrateToLatest(database);
    const artifactStore = await openArtifactStore(config.artifactsUri, {
      endpoint: config.s3EndpointUrl,
      region: config.s3Region,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      forcePathStyle: config.s3ForcePathStyle,
    });
    closers.push(() => artifactStore.close());
    const stores = sqlStores(database);
    const uow = new SqlUnitOfWork(database);
    const authEnabled = config.authEnabled ?? false;

    const authenticator = new Authenticator({
      users: stores.users,
      audit: stores.audit,
      clock,
      enabled: authEnabled,
    });
    const access = new AccessService({
      permissions: stores.permissions,
      users: stores.users,
      uow,
      clock,
      defaultPermission: config.defaultPermission ?? DEFAULT_PERMISSION,
    });
    const users = new UserService(stores.users, uow, clock, authenticator, access);
    const created = await users.bootstrapAdmin(
      config.adminUser ?? 'admin',
      config.adminPassword,
      authEnabled,
    );
    if (created === 'created') {
      logger.info({ user: config.adminUser ?? 'admin' }, 'created the admin user');
    }
    const audit = new AuditService(new SqlAuditStore(database), access);

    const experiments = new ExperimentService(stores.experiments, uow, access, clock, {
      store: parseArtifactStoreUri(config.artifactsUri),
      locate: (uri) => parseArtifactStoreUri(uri),
    });
    await experiments.ensureDefault();
    const runs = new RunService(stores.runs, stores.loggedModels, uow, experiments, access, clock);
    const artifacts = new ArtifactService(
      artifactStore,
      runs,
      access,
      new VersionFileGuard(stores.registry),
      stores.audit,
      clock,
    );
    const registryEvents = new RegistryEventRelay();
    const registry = new RegistryService(
      stores.registry,
      stores.loggedModels,
      uow,
      runs,
      artifacts,
      access,
      clock,
      registryEvents,
    );
    const loggedModels = new LoggedModelService(
      stores.loggedModels,
      uow,
      experiments,
      runs,
      artifacts,
      access,
      clock,
    );

    const datasets = new DatasetService(
      stores.datasets,
      new DatasetBlobs(artifactStore),
      uow,
      runs,
      access,
      clock,
    );

    const pipelineDeps = { store: stores.pipelines, uow, access, clock };
    const pipelineBlobs = new PipelineBlobs(artifactStore);
    const pipelines = new PipelineService(pipelineDeps);
    const pipelineSteps = new PipelineStepService({
      ...pipelineDeps,
      blobs: pipelineBlobs,
      staleLimitMs: config.pipelineStaleLimitMs ?? config.pipelineStaleAfterMs,
    });
    const pipelineFiles = new PipelineStepFiles({ ...pipelineDeps, blobs: pipelineBlobs });

    const leases = new SqlJobLeaseStore(database);
    jobs = new BackgroundJobs({ logger, clock, leases });

    const webhookStore = new SqlWebhookStore(database);
    const urlPolicy = { allowPrivateNetworks: config.webhookAllowPrivateNetworks ?? true };
    const dispatcher = new WebhookDispatcher({
      store: webhookStore,
      send: httpWebhookSender(urlPolicy),
      scheduler: jobs,
      leases,
      holder: jobs.holder,
      logger: logger.child({ module: 'webhooks' }),
      clock,
      retryDelaysMs: config.webhookRetryDelaysMs,
    });
    registryEvents.connect((event) =>
      dispatcher.publish(event.type, registryWebhookPayload(event)),
    );
    const webhooks = new WebhookService(webhookStore, dispatcher, access, clock, urlPolicy);
    closers.push(() => dispatcher.close());
    // Retries planned before a restart are only in the delivery log: armed again here.
    await dispatcher.resume();

    const predictionLogStore = new SqlPredictionLogStore(database);
    const logLogger = logger.child({ module: 'prediction-log' });
    const predictionLogger = new PredictionLogger({
      store: predictionLogStore,
      onError: (err, context) => {
        if (context.final) {
          logLogger.error(
            { err, records: context.records, reason: reasonOf(err) },
            `dropped ${context.records} prediction log records`,
          );
        }
      },
    });
    const predictionLog = new PredictionLogService(
      predictionLogStore,
      predictionLogger,
      access,
      clock,
    );
    closers.push(() => predictionLog.close());
    const metrics = new ServingMetrics();
    metrics.trackPredictionLog(predictionLogger);

    const serving = await openServing({
      store: stores.deployments,
      uow,
      registry,
      artifacts,
      access,
      predictionLog,
      jobs,
      logger,
      clock,
      observer: servingObserver({ metrics, predictionLog }),
      modelCacheDir: config.modelCacheDir,
      workerPoolSize: config.workerPoolSize,
      syncIntervalMs: config.deploymentSyncIntervalMs ?? DEFAULT_DEPLOYMENT_SYNC_INTERVAL_MS,
    });
    // Closed before the prediction log, so the last predictions are in its buffer to be written.
    closers.push(() => serving.close());
    const retentionDays = config.predictionRetentionDays ?? DEFAULT_RETENTION_DAYS;
    if (retentionDays > 0) scheduleRetention(jobs, predictionLog, retentionDays, logger);
    const monitorLogger = logger.child({ module: 'monitors' });
    const monitorJudge =
      config.monitorThread === false
        ? undefined
        : new MonitorJudgeThread({
            storeUri: config.backendStoreUri,
            read: (deployment, window) => predictionLog.readWindow(deployment, window),
            onWarning: (message) => monitorLogger.warn(message),
          });
    if (monitorJudge !== undefined) closers.push(() => monitorJudge.close());
    const { monitors, alerts } = await openMonitors({
      database,
      deployments: stores.deployments,
      access,
      predictions: predictionLog,
      judge: monitorJudge,
      artifacts,
      runs,
      registry,
      metrics: metrics.monitors,
      publisher: dispatcher,
      deliveries: webhookStore,
      jobs,
      clock,
      logger,
      retentionDays,
    });

    return {
      authEnabled,
      logger,
      jobs,
      authenticator,
      access,
      users,
      audit,
      experiments,
      runs,
      artifacts,
      registry,
      loggedModels,
      deployments: serving.deployments,
      deploymentHost: serving.host,
      deploymentStats: serving.deploymentStats,
      inference: serving.inference,
      metrics,
      predictionLog,
      abAnalysis: new AbAnalysisService(predictionLogStore, stores.deployments, access),
      drift: new DriftService(),
      validation: new ValidationService(),
      webhooks,
      monitors,
      alerts,
      datasets,
      pipelines,
      pipelineSteps,
      pipelineFiles,
      lineage: new LineageService(stores, access),
      predictionLogStore,
      predictionLogger,
      database,
      artifactStore,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
