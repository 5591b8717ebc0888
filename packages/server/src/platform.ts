import type { ArtifactStore } from '@slipway/core';
import type { ServerConfig } from './config/config.js';
import { ArtifactService } from './services/artifact-service.js';
import { ExperimentService } from './services/experiment-service.js';
import { LoggedModelService } from './services/logged-model-service.js';
import { RegistryService } from './services/registry-service.js';
import { RunService } from './services/run-service.js';
import { systemClock } from './services/service-context.js';
import type { DeploymentService } from './serving/deployments/deployment-service.js';
import type { DeploymentResolver } from './serving/deployments/deployment-resolver.js';
import { openDeploymentStack } from './serving/deployments/open-deployment-stack.js';
import {
  predictionLogGroundTruth,
  servingObserver,
} from './serving/deployments/serving-observer.js';
import { ServingMetrics } from './serving/metrics/serving-metrics.js';
import { PredictionLogger } from './serving/prediction-log/prediction-logger.js';
import { startRetention } from './serving/prediction-log/retention.js';
import type { RetentionHandle } from './serving/prediction-log/retention.js';
import { SqlPredictionLogStore } from './storage/sql/prediction-log-store.js';
import type { ServiceClock } from './services/service-context.js';
import { openArtifactStore } from './storage/artifacts/open-artifact-store.js';
import { SqlExperimentStore } from './storage/sql/experiment-store.js';
import { SqlLoggedModelStore } from './storage/sql/logged-model-store.js';
import { migrateToLatest } from './storage/sql/migrate.js';
import { SqlModelRegistryStore } from './storage/sql/model-registry-store.js';
import { openDatabase } from './storage/sql/open-database.js';
import { SqlRunStore } from './storage/sql/run-store.js';
import type { SqlDatabase } from './storage/sql/sql-database.js';

/** The composition root: every service wired to its stores. One per server process. */
export interface Platform {
  experiments: ExperimentService;
  runs: RunService;
  artifacts: ArtifactService;
  registry: RegistryService;
  /** MLflow 3 logged models (models as tracking entities, run outputs, version links). */
  loggedModels: LoggedModelService;
  deployments: DeploymentService;
  /** Deployments and registered models as Open Inference Protocol targets (REST and gRPC). */
  inference: DeploymentResolver;
  /** Prometheus metrics of serving (exposed at GET /metrics). */
  metrics: ServingMetrics;
  predictionLog: SqlPredictionLogStore;
  /** The bounded asynchronous buffer deployments log predictions through. */
  predictionLogger: PredictionLogger;
  /** The hourly deletion of old predictions; absent when retention is off (0 days). */
  retention: RetentionHandle | undefined;
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
      'modelCacheDir' | 'workerPoolSize' | 'predictionRetentionDays' | 'deploymentSyncIntervalMs'
    >
  >;

const DEFAULT_RETENTION_DAYS = 30;
const DEFAULT_DEPLOYMENT_SYNC_INTERVAL_MS = 2_000;
const RETENTION_INTERVAL_MS = 3_600_000;

export async function openPlatform(
  config: PlatformConfig,
  clock: ServiceClock = systemClock,
): Promise<Platform> {
  const database = await openDatabase(config.backendStoreUri, { poolSize: config.dbPoolSize });
  try {
    await migrateToLatest(database);
    const artifactStore = await openArtifactStore(config.artifactsUri, {
      endpoint: config.s3EndpointUrl,
      region: config.s3Region,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      forcePathStyle: config.s3ForcePathStyle,
    });
    const experiments = new ExperimentService(new SqlExperimentStore(database), clock);
    await experiments.ensureDefault();
    const runs = new RunService(new SqlRunStore(database), experiments, clock);
    const artifacts = new ArtifactService(artifactStore, runs);
    const registry = new RegistryService(new SqlModelRegistryStore(database), runs, clock);
    const loggedModels = new LoggedModelService(
      new SqlLoggedModelStore(database),
      experiments,
      runs,
      artifacts,
      clock,
    );
    registry.addSourceResolver((source) => loggedModels.artifactLocationOfSource(source));
    const predictionLog = new SqlPredictionLogStore(database);
    const predictionLogger = new PredictionLogger({
      store: predictionLog,
      onError: (err, context) => {
        if (context.final) {
          console.error(
            `slipway: dropped ${context.records} prediction log records: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      },
    });
    const metrics = new ServingMetrics();
    metrics.trackPredictionLog(predictionLogger);
    const serving = await openDeploymentStack({
      database,
      registry,
      artifacts,
      modelCacheDir: config.modelCacheDir,
      workerPoolSize: config.workerPoolSize,
      syncIntervalMs: config.deploymentSyncIntervalMs ?? DEFAULT_DEPLOYMENT_SYNC_INTERVAL_MS,
      clock,
      observer: servingObserver({ metrics, logger: predictionLogger }),
      groundTruth: predictionLogGroundTruth(predictionLog, clock),
    }).catch(async (err: unknown) => {
      await predictionLogger.close();
      throw err;
    });
    const retentionDays = config.predictionRetentionDays ?? DEFAULT_RETENTION_DAYS;
    const retention =
      retentionDays > 0
        ? startRetention({
            store: predictionLog,
            retentionDays,
            intervalMs: RETENTION_INTERVAL_MS,
            now: () => clock.now(),
            onError: (err) =>
              console.error(
                `slipway: prediction retention failed (retried in an hour): ${err instanceof Error ? err.message : String(err)}`,
              ),
          })
        : undefined;
    return {
      experiments,
      runs,
      artifacts,
      registry,
      loggedModels,
      deployments: serving.deployments,
      inference: serving.inference,
      metrics,
      predictionLog,
      predictionLogger,
      retention,
      database,
      artifactStore,
      async close() {
        await retention?.stop();
        await serving.close();
        // After the deployments: their last predictions are in the buffer and get written.
        await predictionLogger.close();
        await artifactStore.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
