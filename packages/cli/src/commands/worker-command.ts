import { randomUUID } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SlipwayClient } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand, clientOptionsFromEnv, credentialsFromEnv } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { CodeCache } from '../pipelines/queue/code-cache.js';
import { nonEmpty, queueLocation } from '../pipelines/queue/queue-location.js';
import { UsageError } from '../usage-error.js';

interface WorkerFlags {
  url?: string;
  queue?: string;
  queuePrefix?: string;
  concurrency: number;
  heartbeat: number;
  codeDir?: string;
  lockDuration: number;
}

/**
 * `slipway worker --queue redis://...`: runs queued pipeline steps (from `slipway pipelines run
 * --queue`) until SIGTERM or SIGINT (see runWorker). Credentials come from the environment like
 * every command; the server is the one each job names, unless --url or SLIPWAY_URL says otherwise.
 */
export function workerCommand(action: ActionFactory, io: CliIo): Command {
  return clientCommand(new Command('worker'))
    .description('Run queued pipeline steps (from pipelines run --queue) until stopped')
    .option('--queue <redis-url>', 'the queue: redis://host:port[/db] (default: $SLIPWAY_QUEUE)')
    .option(
      '--queue-prefix <prefix>',
      'Redis key prefix of the queue (default: $SLIPWAY_QUEUE_PREFIX or slipway)',
    )
    .option('--concurrency <n>', 'steps running at once', parsePositiveInteger, 1)
    .option(
      '--heartbeat <ms>',
      'how often a running step reports alive to the server',
      parsePositiveInteger,
      10_000,
    )
    .option(
      '--lock-duration <ms>',
      "how long a killed worker's jobs stay with it before BullMQ hands them to another worker",
      parsePositiveInteger,
      30_000,
    )
    .option(
      '--code-dir <dir>',
      'where pipeline directories are kept, one per version (default: <tmp>/slipway-worker-code)',
    )
    .action(
      action<[], WorkerFlags>(async (t, o) => {
        const url = o.queue ?? nonEmpty(io.env.SLIPWAY_QUEUE);
        if (url === undefined) {
          throw new UsageError(
            'slipway worker needs --queue redis://host:port (or SLIPWAY_QUEUE).',
          );
        }
        const location = queueLocation(url, o.queuePrefix, io.env);
        const write = (line: string) => io.stderr.write(`${line}\n`);
        const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
        const explicitUrl = o.url ?? nonEmpty(io.env.SLIPWAY_URL);
        const credentials = credentialsFromEnv(io.env);
        if (explicitUrl === undefined && credentials.source !== undefined) {
          // Whoever can write to the queue names each job's server: credentials must only ever go
          // to the server this worker was pointed at, never to one a queue message names.
          throw new UsageError(
            `slipway worker has credentials (${credentials.source}) but no server: set --url or SLIPWAY_URL, so they are sent only there.`,
          );
        }
        const clients = new Map<string, SlipwayClient>();
        const clientFor = (serverUrl: string): SlipwayClient => {
          if (explicitUrl !== undefined) return t.client;
          let client = clients.get(serverUrl);
          if (client === undefined) {
            const { credentialSource: _source, ...options } = clientOptionsFromEnv(io, serverUrl);
            client = new SlipwayClient(options);
            clients.set(serverUrl, client);
          }
          return client;
        };
        // BullMQ and ioredis load only here, not for every slipway command.
        const { runWorker } = await import('../pipelines/queue/run-worker.js');
        await runWorker({
          location,
          concurrency: o.concurrency,
          lockDurationMs: o.lockDuration,
          write,
          workerId,
          clientFor,
          credentials,
          baseEnv: io.env,
          heartbeatMs: o.heartbeat,
          code: new CodeCache(o.codeDir ?? join(tmpdir(), 'slipway-worker-code')),
          events: { warning: (text: string) => write(`warning: ${text}`) },
        });
      }),
    );
}
