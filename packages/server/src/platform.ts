import type { ArtifactStore } from '@slipway/core';
import type { ServerConfig } from './config/config.js';
import { ArtifactService } from './services/artifact-service.js';
import { ExperimentService } from './services/experiment-service.js';
import { RegistryService } from './services/registry-service.js';
import { RunService } from './services/run-service.js';
import { systemClock } from './services/service-context.js';
import type { ServiceClock } from './services/service-context.js';
import { openArtifactStore } from './storage/artifacts/open-artifact-store.js';
import { SqlExperimentStore } from './storage/sql/experiment-store.js';
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
>;

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
    return {
      experiments,
      runs,
      artifacts,
      registry,
      database,
      artifactStore,
      async close() {
        await artifactStore.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
