import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactService } from '../../services/artifact-service.js';
import type { RegistryService } from '../../services/registry-service.js';
import type { ServiceClock } from '../../services/service-context.js';
import { SqlDeploymentStore } from '../../storage/sql/deployment-store.js';
import type { SqlDatabase } from '../../storage/sql/sql-database.js';
import { ModelCache } from '../runtime/model-cache.js';
import type { DeploymentObserver, GroundTruthSink } from './deployment-observer.js';
import { DeploymentResolver } from './deployment-resolver.js';
import { DeploymentRuntimes } from './deployment-runtimes.js';
import { DeploymentService } from './deployment-service.js';
import { RegistryModelLoader } from './registry-model-loader.js';

export interface DeploymentStackOptions {
  database: SqlDatabase;
  registry: RegistryService;
  artifacts: ArtifactService;
  /** Where model files are cached; default: a temporary directory removed on close. */
  modelCacheDir?: string | undefined;
  /** Worker threads per loaded model. */
  workerPoolSize?: number | undefined;
  /** How often to catch up with other servers' deployment changes; 0 or absent: never. */
  syncIntervalMs?: number | undefined;
  clock?: ServiceClock | undefined;
  observer?: DeploymentObserver | undefined;
  groundTruth?: GroundTruthSink | undefined;
  onBackgroundError?: ((message: string, err: unknown) => void) | undefined;
}

export interface DeploymentStack {
  deployments: DeploymentService;
  /** The InferenceTargetResolver for the Open Inference Protocol (REST and gRPC). */
  inference: DeploymentResolver;
  close(): Promise<void>;
}

function logToStderr(message: string, err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  console.error(`slipway: ${message}: ${reason}`);
}

/**
 * The serving stack over the registry: model loading through the cache, shared runtimes, the
 * deployment service (stored deployments loaded before this resolves) and its resolver.
 */
export async function openDeploymentStack(
  options: DeploymentStackOptions,
): Promise<DeploymentStack> {
  const temporary =
    options.modelCacheDir === undefined
      ? await mkdtemp(join(tmpdir(), 'slipway-model-cache-'))
      : undefined;
  const onBackgroundError = options.onBackgroundError ?? logToStderr;
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
      onBackgroundError('a deployment observer failed', err);
    }
  };
  const runtimes = new DeploymentRuntimes(loader, {
    onLoaded: (model, ms) => guard(() => options.observer?.onModelLoaded?.(model, ms)),
    onBatch: (deployment, model, batch) =>
      guard(() => options.observer?.onBatch?.(deployment, model, batch)),
    onCloseError: (key, err) => onBackgroundError(`closing model ${key} failed`, err),
  });
  const deployments = new DeploymentService(
    new SqlDeploymentStore(options.database),
    options.registry,
    runtimes,
    {
      clock: options.clock,
      observer: options.observer,
      groundTruth: options.groundTruth,
      onBackgroundError,
      syncIntervalMs: options.syncIntervalMs,
    },
  );
  const inference = new DeploymentResolver(deployments, options.registry, runtimes);
  const close = async () => {
    await inference.close();
    await deployments.close();
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  };
  try {
    await deployments.start();
  } catch (err) {
    await close();
    throw err;
  }
  return { deployments, inference, close };
}
