import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentStore, UnitOfWork } from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import type { BackgroundJobs } from '../jobs/background-jobs.js';
import type { Logger } from '../logging/logger.js';
import { reasonOf } from '../logging/logger.js';
import type { PredictionLogService } from '../prediction-log/prediction-log-service.js';
import type { ArtifactService } from '../services/artifact-service.js';
import type { RegistryService } from '../services/registry-service.js';
import { DeploymentHost } from '../serving/deployments/deployment-host.js';
import type { DeploymentObserver } from '../serving/deployments/deployment-observer.js';
import { DeploymentResolver } from '../serving/deployments/deployment-resolver.js';
import { DeploymentRuntimes } from '../serving/deployments/deployment-runtimes.js';
import { DeploymentService } from '../serving/deployments/deployment-service.js';
import { DeploymentStatsService } from '../serving/deployments/deployment-stats-service.js';
import { RegistryModelLoader } from '../serving/deployments/registry-model-loader.js';
import { ModelCache } from '../serving/runtime/model-cache.js';
import type { ServiceClock } from '../support/clock.js';

export interface ServingOptions {
  store: DeploymentStore;
  uow: UnitOfWork;
  registry: RegistryService;
  artifacts: ArtifactService;
  access: AccessService;
  predictionLog: PredictionLogService;
  jobs: BackgroundJobs;
  logger: Logger;
  clock: ServiceClock;
  observer: DeploymentObserver;
  /** Where model files are cached; default: a temporary directory removed on close. */
  modelCacheDir?: string | undefined;
  workerPoolSize?: number | undefined;
  /** How often to catch up with other servers' deployment changes; 0: never. */
  syncIntervalMs: number;
}

export interface Serving {
  deployments: DeploymentService;
  host: DeploymentHost;
  deploymentStats: DeploymentStatsService;
  inference: DeploymentResolver;
  close(): Promise<void>;
}

const CANARY_JOB = 'canary-step';

/**
 * The serving stack over the registry: model loading through the cache, shared runtimes, the
 * runtime host (stored deployments loaded before this resolves), the control plane, the
 * inference resolver, and their background jobs (canary steps, deployment sync).
 */
export async function openServing(options: ServingOptions): Promise<Serving> {
  const { jobs, clock } = options;
  const logger = options.logger.child({ module: 'serving' });
  const report = (message: string, err: unknown) =>
    logger.error({ err, reason: reasonOf(err) }, message);
  const temporary =
    options.modelCacheDir === undefined
      ? await mkdtemp(join(tmpdir(), 'slipway-model-cache-'))
      : undefined;
  const loader = new RegistryModelLoader(
    options.registry,
    options.artifacts,
    new ModelCache(options.modelCacheDir ?? (temporary as string)),
    { poolSize: options.workerPoolSize },
  );
  // Observers run inside loading and batching; a failing one is reported, never propagated.
  const guard = (call: () => void) => {
    try {
      call();
    } catch (err) {
      report('a deployment observer failed', err);
    }
  };
  const { observer } = options;
  const runtimes = new DeploymentRuntimes(loader, {
    onLoaded: (model, ms) => guard(() => observer.onModelLoaded?.(model, ms)),
    onBatch: (deployment, model, batch) =>
      guard(() => observer.onBatch?.(deployment, model, batch)),
    onCloseError: (key, err) => report(`closing model ${key} failed`, err),
  });
  // The host arms canary checks that the control plane, built next, carries out.
  const plane: { deployments?: DeploymentService } = {};
  const host = new DeploymentHost(options.store, runtimes, {
    clock,
    observer,
    onBackgroundError: report,
    scheduleCanary: (name, at) => {
      if (at === undefined) jobs.cancel(CANARY_JOB, name);
      else
        jobs.at(
          CANARY_JOB,
          name,
          at,
          () => plane.deployments?.analyzeCanary(name) ?? Promise.resolve(),
        );
    },
  });
  const deployments = new DeploymentService({
    store: options.store,
    uow: options.uow,
    host,
    registry: options.registry,
    access: options.access,
    predictionLog: options.predictionLog,
    clock,
  });
  plane.deployments = deployments;
  const deploymentStats = new DeploymentStatsService({
    host,
    access: options.access,
    clock,
    onError: report,
  });
  const inference = new DeploymentResolver(
    host,
    deployments,
    options.registry,
    runtimes,
    options.access,
  );
  const close = async () => {
    deploymentStats.close();
    await inference.close();
    await host.close();
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  };
  try {
    await host.start();
  } catch (err) {
    await close();
    throw err;
  }
  if (options.syncIntervalMs > 0) {
    jobs.every({
      name: 'deployment-sync',
      intervalMs: options.syncIntervalMs,
      run: () => host.sync(),
    });
  }
  return { deployments, host, deploymentStats, inference, close };
}
