import { Command } from 'commander';
import type { ServerConfig } from '@slipway/server';
import type { CliIo } from '../cli-io.js';
import { toJson } from '../output.js';
import { UsageError } from '../usage-error.js';

interface ServerFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  backendStoreUri?: string;
  artifactsUri?: string;
  logLevel?: string;
  grpcPort?: string;
  modelCacheDir?: string;
  workerPoolSize?: string;
  predictionRetentionDays?: string;
  deploymentSyncInterval?: string;
}

export function serverCommand(io: CliIo): Command {
  return storeOptions(new Command('server'))
    .description('Run the Slipway server until SIGTERM or SIGINT')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1, env SLIPWAY_HOST)')
    .option('--port <port>', 'port; 0 picks a free one (default 5050, env SLIPWAY_PORT)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--grpc-port <port>', 'also serve the inference protocol over gRPC on this port')
    .option(
      '--model-cache-dir <dir>',
      'local cache of served model files (default <data-dir>/model-cache)',
    )
    .option(
      '--worker-pool-size <n>',
      'worker threads per loaded model (default min(2, CPU cores); one for ONNX models whose inference takes under 0.04 ms)',
    )
    .option(
      '--prediction-retention-days <days>',
      'delete logged predictions older than this; 0 keeps all (default 30, env SLIPWAY_PREDICTION_RETENTION_DAYS)',
    )
    .option(
      '--deployment-sync-interval <ms>',
      'pick up deployment changes other servers sharing the store made this often; 0 turns it off (default 2000, env SLIPWAY_DEPLOYMENT_SYNC_INTERVAL_MS)',
    )
    .action(async (flags: ServerFlags) => {
      // Loaded only here so client commands never pay for (or need) the server's dependencies.
      const server = await import('@slipway/server');
      const config = loadConfig(server.loadServerConfig, flags, io);
      await server.serveUntilSignal(config, (running) => {
        io.stdout.write(`Slipway server listening on ${running.url}\n`);
        if (running.grpcPort !== undefined) {
          io.stdout.write(`Inference gRPC listening on port ${running.grpcPort}\n`);
        }
      });
    });
}

export function dbCommand(io: CliIo): Command {
  const db = new Command('db').description('Database maintenance');
  storeOptions(db.command('upgrade'))
    .description('Apply pending schema migrations')
    .option('--json', 'print machine-readable JSON')
    .action(async (flags: ServerFlags & { json?: boolean }) => {
      const server = await import('@slipway/server');
      const config = loadConfig(server.loadServerConfig, flags, io);
      const report = await server.upgradeDatabase(config.backendStoreUri);
      const store = redact(config.backendStoreUri);
      if (flags.json) {
        io.stdout.write(`${toJson({ backendStoreUri: store, applied: report.applied })}\n`);
      } else if (report.applied.length === 0) {
        io.stdout.write(`Database ${store} is up to date.\n`);
      } else {
        io.stdout.write(
          [
            `Applied ${report.applied.length} migration(s) to ${store}:`,
            ...report.applied.map((m) => `  ${m}`),
          ].join('\n') + '\n',
        );
      }
    });
  return db;
}

function storeOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where embedded data lives (default ./slipway-data)')
    .option('--backend-store-uri <uri>', 'sqlite:<path> or postgresql://...')
    .option('--artifacts-uri <uri>', 'file:<dir> or s3://bucket/prefix');
}

function loadConfig(
  load: (flags: Record<string, unknown>, env: Record<string, string | undefined>) => ServerConfig,
  flags: ServerFlags,
  io: CliIo,
): ServerConfig {
  const { host, port, dataDir, backendStoreUri, artifactsUri, logLevel } = flags;
  const { grpcPort, modelCacheDir, workerPoolSize, predictionRetentionDays } = flags;
  const { deploymentSyncInterval } = flags;
  try {
    return load(
      {
        host,
        port,
        dataDir,
        backendStoreUri,
        artifactsUri,
        logLevel,
        grpcPort,
        modelCacheDir,
        workerPoolSize,
        predictionRetentionDays,
        deploymentSyncIntervalMs: deploymentSyncInterval,
      },
      io.env,
    );
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Hides a password in a database URI before printing it. */
function redact(uri: string): string {
  return uri.replace(/^([a-z][\w+.-]*:\/\/[^:/@]+:)[^@]*@/iu, '$1***@');
}
