import { z } from 'zod';
import type { ServerSetting } from './server-setting.js';
import { booleanValue, numberValue, oneOfValue, textValue, urlValue } from './setting-values.js';

/** Keeps each setting's key and schema types, so the object schema built from the list is typed. */
function setting<const K extends string, S extends z.ZodType>(
  init: ServerSetting<K, S>,
): ServerSetting<K, S> {
  return init;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
// The same words as the access-control permission levels; a setting only needs them as its values.
const DEFAULT_PERMISSIONS = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'] as const;
const PROTOCOL_DATATYPES = ['strict', 'lossless'] as const;

/**
 * Every server setting, in help and README order. The schema, the SLIPWAY_* environment variables,
 * the `slipway server` flags and the README table all come from this list: a setting added here
 * needs nothing else (but `npm run docs:settings`).
 */
export const SERVER_SETTINGS = [
  setting({
    key: 'host',
    schema: textValue().default('127.0.0.1'),
    description: 'interface to listen on; 0.0.0.0 accepts connections from other machines',
    valueName: '<host>',
  }),
  setting({
    key: 'port',
    schema: numberValue({
      min: 0,
      max: 65535,
      rangeError: 'must be between 0 (any free port) and 65535',
    }).default(5050),
    description: 'HTTP port; 0 picks a free one',
    valueName: '<port>',
  }),
  setting({
    key: 'logLevel',
    schema: oneOfValue(LOG_LEVELS).default('info'),
    description: `log level: ${LOG_LEVELS.join(', ')}`,
    valueName: '<level>',
  }),
  setting({
    key: 'bodyLimitBytes',
    schema: numberValue({ unit: 'bytes', min: 1 }).default(16 * 1024 * 1024),
    description: 'largest accepted request body; larger requests get 413 Payload Too Large',
    default: '16777216 (16 MiB)',
    valueName: '<bytes>',
  }),
  setting({
    key: 'artifactLimitBytes',
    schema: numberValue({ unit: 'bytes', min: 1 }).default(5 * 1024 * 1024 * 1024),
    description: 'largest single artifact upload',
    default: '5368709120 (5 GiB)',
    valueName: '<bytes>',
  }),
  setting({
    key: 'maxBufferedBodyBytes',
    schema: numberValue({ unit: 'bytes', min: 1 }).default(256 * 1024 * 1024),
    description:
      'request-body bytes held in memory at once, over all requests (uploads stream and are not counted); past it requests get 503 with Retry-After',
    default: '268435456 (256 MiB)',
    valueName: '<bytes>',
  }),
  setting({
    key: 'bodyTimeoutMs',
    schema: numberValue({ unit: 'milliseconds', min: 1 }).default(30_000),
    description:
      'how long a request body held in memory may take to arrive, and how long an upload may send nothing; slower clients get 408',
    valueName: '<ms>',
  }),
  setting({
    key: 'shutdownGraceMs',
    schema: numberValue({ unit: 'milliseconds', min: 0 }).default(10_000),
    description: 'how long SIGTERM or SIGINT waits for in-flight requests before closing anyway',
    valueName: '<ms>',
  }),
  setting({
    key: 'ui',
    schema: booleanValue().default(true),
    description:
      'serve the web UI at / (its pages need no credentials; its API calls do); off leaves / to the APIs',
    default: 'on',
    valueName: '<on|off>',
  }),
  setting({
    key: 'dataDir',
    schema: textValue().default('./slipway-data'),
    description: 'directory of the embedded SQLite database, artifacts and model cache',
    valueName: '<dir>',
    group: 'storage',
  }),
  setting({
    key: 'backendStoreUri',
    schema: textValue().optional(),
    description: 'metadata database: sqlite:<path> or postgresql://user@host:5432/db',
    default: 'sqlite:<data-dir>/slipway.db',
    valueName: '<uri>',
    group: 'storage',
  }),
  setting({
    key: 'artifactsUri',
    schema: textValue().optional(),
    description: 'artifact store: file:<dir> or s3://bucket/prefix',
    default: 'file:<data-dir>/artifacts',
    valueName: '<uri>',
    group: 'storage',
  }),
  setting({
    key: 's3EndpointUrl',
    schema: urlValue().optional(),
    description: 'endpoint of an S3-compatible store (MinIO, Ceph...) for s3:// artifacts',
    default: 'AWS S3',
    valueName: '<url>',
    group: 'storage',
  }),
  setting({
    key: 's3Region',
    schema: textValue().default('us-east-1'),
    description: 'region of the s3:// artifact bucket',
    valueName: '<region>',
    group: 'storage',
  }),
  setting({
    key: 's3AccessKeyId',
    schema: textValue().optional(),
    description:
      'access key id for s3:// artifacts; set together with SLIPWAY_S3_SECRET_ACCESS_KEY',
    default: 'the AWS SDK credential chain',
    valueName: '<id>',
    group: 'storage',
  }),
  setting({
    key: 's3SecretAccessKey',
    schema: textValue().optional(),
    description: 'secret access key for s3:// artifacts, set together with the access key id',
    default: 'the AWS SDK credential chain',
    // No flag: a secret in argv is visible to every user of the machine through ps.
    flag: false,
    group: 'storage',
    secret: true,
  }),
  setting({
    key: 's3ForcePathStyle',
    schema: booleanValue().default(true),
    description:
      'address buckets as <endpoint>/<bucket> rather than <bucket>.<endpoint>, as MinIO needs',
    valueName: '<true|false>',
    group: 'storage',
  }),
  setting({
    key: 'dbPoolSize',
    schema: numberValue({ unit: 'connections', min: 1, max: 200 }).default(10),
    description: 'PostgreSQL connections this server opens at most',
    valueName: '<n>',
    group: 'storage',
  }),
  setting({
    key: 'grpcPort',
    schema: numberValue({
      min: 0,
      max: 65535,
      rangeError: 'must be between 0 (any free port) and 65535',
    }).optional(),
    description:
      'also serve the Open Inference Protocol over gRPC on this port; 0 picks a free one',
    default: 'off',
    valueName: '<port>',
    group: 'serving',
  }),
  setting({
    key: 'modelCacheDir',
    schema: textValue().optional(),
    description: 'local cache of the registry model files being served',
    default: '<data-dir>/model-cache',
    valueName: '<dir>',
    group: 'serving',
  }),
  setting({
    key: 'workerPoolSize',
    schema: numberValue({ unit: 'threads', min: 1, max: 256 }).optional(),
    description: 'inference worker threads per loaded model',
    default: 'min(2, CPU cores); 1 for ONNX models faster than 0.04 ms per inference',
    valueName: '<n>',
    group: 'serving',
  }),
  setting({
    key: 'oipDatatypes',
    schema: oneOfValue(PROTOCOL_DATATYPES).default('strict'),
    description:
      "an inference protocol (/v2, gRPC) input whose datatype differs from the model's: strict answers 400; lossless converts it when no value changes",
    valueName: '<strict|lossless>',
    group: 'serving',
  }),
  setting({
    key: 'predictionRetentionDays',
    schema: numberValue({
      unit: 'days',
      min: 0,
      integer: false,
      rangeError: 'must be 0 (keep all) or a positive number of days',
    }).default(30),
    description:
      'logged predictions and ground truth older than this are deleted hourly; 0 keeps all',
    valueName: '<days>',
    group: 'serving',
  }),
  setting({
    key: 'deploymentSyncIntervalMs',
    schema: numberValue({
      unit: 'milliseconds',
      min: 0,
      rangeError: 'must be 0 (off) or a positive number of milliseconds',
    }).default(2_000),
    description:
      'how often to pick up deployment changes other servers sharing the backend store made; 0 turns it off',
    // The flag predates the rule that derives flags from keys.
    flag: '--deployment-sync-interval',
    valueName: '<ms>',
    group: 'serving',
  }),
  setting({
    key: 'pipelineStaleAfterMs',
    schema: numberValue({
      unit: 'milliseconds',
      min: 1000,
      rangeError: 'must be at least 1000 milliseconds',
    }).default(60_000),
    description:
      "how long a running pipeline step may go without a heartbeat before another worker may take it over; match the runners' --stale-after",
    flag: '--pipeline-stale-after',
    valueName: '<ms>',
  }),
  setting({
    key: 'auth',
    schema: oneOfValue(['on', 'off']).optional(),
    description: 'require credentials on every API',
    default: 'on unless --host is a loopback address',
    valueName: '<on|off>',
    group: 'auth',
  }),
  setting({
    key: 'adminUser',
    schema: textValue().default('admin'),
    description: 'user name of the built-in administrator',
    valueName: '<name>',
    group: 'auth',
  }),
  setting({
    key: 'adminPassword',
    schema: textValue({ minLength: 12 }).optional(),
    description: 'password of the built-in administrator, at least 12 characters',
    // No flag: a password in argv is visible to every user of the machine through ps.
    flag: false,
    group: 'auth',
    secret: true,
  }),
  setting({
    key: 'defaultPermission',
    schema: oneOfValue(DEFAULT_PERMISSIONS).default('READ'),
    description: `what users get on experiments, registered models and deployments they did not create and hold no explicit permission on: ${DEFAULT_PERMISSIONS.join(', ')}`,
    valueName: '<permission>',
    group: 'auth',
  }),
  setting({
    key: 'metricsAuth',
    schema: booleanValue().default(true),
    description: 'whether GET /metrics requires credentials when auth is on',
    default: 'on',
    valueName: '<on|off>',
    group: 'auth',
  }),
] as const;

type SettingsShape = {
  [S in (typeof SERVER_SETTINGS)[number] as S['key']]: S['schema'];
};

export type ServerSettingKey = keyof SettingsShape;

/**
 * The server configuration as parsed from flags and environment, before the server derives the
 * locations under dataDir. Unknown keys are dropped.
 */
export const serverConfigSchema = z.object(
  Object.fromEntries(SERVER_SETTINGS.map((s) => [s.key, s.schema])) as SettingsShape,
);

export type ServerSettingsInput = z.input<typeof serverConfigSchema>;
export type ServerSettings = z.output<typeof serverConfigSchema>;

const BY_KEY: ReadonlyMap<string, ServerSetting> = new Map(
  SERVER_SETTINGS.map((s) => [s.key, s as ServerSetting]),
);

export function findServerSetting(key: string): ServerSetting | undefined {
  return BY_KEY.get(key);
}
