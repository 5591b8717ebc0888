import { join, resolve } from 'node:path';
import { z } from 'zod';
import { invalidArgument } from '@slipway/core';

/**
 * The server's whole configuration, parsed once from flags and SLIPWAY_* environment variables (flags
 * win). Nothing else in the server reads process.env.
 */
export const serverConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(5050),
  dataDir: z.string().min(1).default('./slipway-data'),
  backendStoreUri: z.string().min(1).optional(),
  artifactsUri: z.string().min(1).optional(),
  s3EndpointUrl: z.string().url().optional(),
  s3Region: z.string().default('us-east-1'),
  s3AccessKeyId: z.string().optional(),
  s3SecretAccessKey: z.string().optional(),
  s3ForcePathStyle: z.coerce.boolean().default(true),
  /** Largest accepted JSON body; larger requests get 413. */
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** Largest single artifact upload. */
  artifactLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024 * 1024),
  dbPoolSize: z.coerce.number().int().min(1).max(200).default(10),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Open Inference Protocol over gRPC on this port (0 picks a free one); off when absent. */
  grpcPort: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where registry model files are cached for serving; default <dataDir>/model-cache. */
  modelCacheDir: z.string().min(1).optional(),
  /** Worker threads per loaded model; default min(2, CPU cores). */
  workerPoolSize: z.coerce.number().int().min(1).max(256).optional(),
  /** Logged predictions and ground truth older than this many days are deleted hourly; 0 keeps all. */
  predictionRetentionDays: z.coerce.number().min(0).default(30),
  /**
   * How often this server catches up with deployment changes other servers sharing the backend
   * store made (apply, promote, rollback, canary steps, delete); 0 turns it off.
   */
  deploymentSyncIntervalMs: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(0, { error: 'must be 0 (off) or a positive number of milliseconds' })
    .default(2_000),
  /** How long a SIGTERM waits for in-flight requests before closing anyway. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
});

export type ServerConfigInput = z.input<typeof serverConfigSchema>;
export interface ServerConfig extends z.output<typeof serverConfigSchema> {
  backendStoreUri: string;
  artifactsUri: string;
  modelCacheDir: string;
}

const ENV_KEYS: Record<string, keyof ServerConfigInput> = {
  SLIPWAY_HOST: 'host',
  SLIPWAY_PORT: 'port',
  SLIPWAY_DATA_DIR: 'dataDir',
  SLIPWAY_BACKEND_STORE_URI: 'backendStoreUri',
  SLIPWAY_ARTIFACTS_URI: 'artifactsUri',
  SLIPWAY_S3_ENDPOINT_URL: 's3EndpointUrl',
  SLIPWAY_S3_REGION: 's3Region',
  SLIPWAY_S3_ACCESS_KEY_ID: 's3AccessKeyId',
  SLIPWAY_S3_SECRET_ACCESS_KEY: 's3SecretAccessKey',
  SLIPWAY_S3_FORCE_PATH_STYLE: 's3ForcePathStyle',
  SLIPWAY_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  SLIPWAY_DB_POOL_SIZE: 'dbPoolSize',
  SLIPWAY_LOG_LEVEL: 'logLevel',
  SLIPWAY_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
  SLIPWAY_GRPC_PORT: 'grpcPort',
  SLIPWAY_MODEL_CACHE_DIR: 'modelCacheDir',
  SLIPWAY_WORKER_POOL_SIZE: 'workerPoolSize',
  SLIPWAY_PREDICTION_RETENTION_DAYS: 'predictionRetentionDays',
  SLIPWAY_DEPLOYMENT_SYNC_INTERVAL_MS: 'deploymentSyncIntervalMs',
};

/** Merges env and flags (flags win), validates, and derives the embedded defaults under dataDir. */
export function loadServerConfig(
  flags: Partial<Record<keyof ServerConfigInput, unknown>>,
  env: Record<string, string | undefined>,
): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const [envKey, field] of Object.entries(ENV_KEYS)) {
    const value = env[envKey];
    if (value !== undefined && value !== '') merged[field] = value;
  }
  for (const [field, value] of Object.entries(flags)) {
    if (value !== undefined) merged[field] = value;
  }
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidArgument(
      `Invalid server configuration: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid value'}`,
    );
  }
  const dataDir = resolve(parsed.data.dataDir);
  return {
    ...parsed.data,
    dataDir,
    backendStoreUri: parsed.data.backendStoreUri ?? `sqlite:${join(dataDir, 'slipway.db')}`,
    artifactsUri: parsed.data.artifactsUri ?? `file:${join(dataDir, 'artifacts')}`,
    modelCacheDir: resolve(parsed.data.modelCacheDir ?? join(dataDir, 'model-cache')),
  };
}
