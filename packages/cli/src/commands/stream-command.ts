import { Command, Option } from 'commander';
import type { DeploymentView } from '@slipway/core';
import type { StreamStats } from '@slipway/server';
import type { CliIo } from '../cli-io.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { toJson } from '../output.js';
import { UsageError } from '../usage-error.js';
import { cliAuthorization, cliClient } from './predict-command.js';
import { localModel, modelCacheDir } from './predict-model-source.js';

interface StreamFlags {
  deployment: string;
  source: string;
  sink: string;
  model?: string;
  concurrency?: number;
  workers?: number;
  group?: string;
  maxDeliveries?: number;
  maxMessages?: number;
  oipDatatypes?: 'strict' | 'lossless';
  cacheDir?: string;
  url?: string;
  json?: boolean;
}

/**
 * The model a stream consumer runs for a deployment: the variant that takes most of its traffic
 * now (a shadow's challenger never answers, so it never counts).
 */
export function servingModelUri(deployment: DeploymentView): string {
  const answering = deployment.variants.filter(
    (variant) => !(deployment.policy === 'shadow' && variant.id === 'challenger'),
  );
  const best = answering.reduce<(typeof answering)[number] | undefined>(
    (top, variant) =>
      top === undefined || variant.trafficPercent > top.trafficPercent ? variant : top,
    undefined,
  );
  if (best === undefined) {
    throw new UsageError(
      `Deployment '${deployment.name}' serves no model; give --model models:/...`,
    );
  }
  return `models:/${best.resolved.name}/${best.resolved.version}`;
}

/** Resolves after SIGINT / SIGTERM, or after `maxMessages` answers. */
function stopSignal(): { promise: Promise<string>; dispose(): void } {
  let resolve: (reason: string) => void = () => undefined;
  const promise = new Promise<string>((done) => (resolve = done));
  const onSignal = (signal: NodeJS.Signals) => resolve(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    promise,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * `slipway stream`: consumes inference requests from NATS JetStream, Redis Streams or Kafka and answers
 * them on a sink, running the deployment's current model in this process. Stops gracefully on
 * SIGINT / SIGTERM (requests in flight are finished and acknowledged first).
 */
export function streamCommand(io: CliIo): Command {
  return new Command('stream')
    .description(
      'Answer inference requests from a NATS JetStream subject, a Redis stream or a Kafka topic',
    )
    .requiredOption('--deployment <name>', 'the deployment whose model answers (and names replies)')
    .requiredOption(
      '--source <url>',
      'nats://host:4222/<subject>, redis://host:6379/<stream> or kafka://host:9092/<topic>',
    )
    .requiredOption(
      '--sink <url>',
      'where replies go: nats://host:4222/<subject>, redis://host:6379/<stream> or kafka://host:9092/<topic>',
    )
    .option('--model <uri-or-path>', "run this model instead of the deployment's current version")
    .option('--concurrency <n>', 'requests worked on at once (default 8)', parsePositiveInteger)
    .option(
      '--workers <n>',
      'inference worker threads (default min(2, cores))',
      parsePositiveInteger,
    )
    .option('--group <name>', 'consumer group / durable consumer (default slipway-<deployment>)')
    .option(
      '--max-deliveries <n>',
      'deliveries of a failing request before it is answered with its error (default 5)',
      parsePositiveInteger,
    )
    .option('--max-messages <n>', 'stop after answering this many requests', parsePositiveInteger)
    .addOption(
      new Option(
        '--oip-datatypes <mode>',
        "an OIP input whose datatype differs from the model's: strict answers an error, lossless converts it when no value changes (default strict)",
      ).choices(['strict', 'lossless']),
    )
    .option('--cache-dir <dir>', 'where downloaded models are kept')
    .option('--url <url>', 'server URL (default: $SLIPWAY_URL or http://127.0.0.1:5050)')
    .option('--json', 'print the final statistics as JSON')
    .action(async (flags: StreamFlags) => {
      const json = flags.json === true;
      const say = (line: string) => io.stderr.write(`${line}\n`);
      const client = cliClient(io, flags.url);
      const uri = flags.model ?? servingModelUri(await client.deployments.get(flags.deployment));
      const model = await localModel(uri, {
        client,
        authorization: cliAuthorization(io, flags.url),
        cacheDir: modelCacheDir(flags.cacheDir, io.env),
        status: (line) => {
          if (!json) say(line);
        },
      });
      const server = await import('@slipway/server');
      const runtime = await server.loadModelFromDirectory(model.path, {
        name: model.name,
        version: model.version,
        poolSize: flags.workers,
      });
      const stop = stopSignal();
      try {
        const group = flags.group ?? `slipway-${flags.deployment}`;
        const source = await server.openStreamSource(flags.source, { group });
        const sink = await server.openStreamSink(flags.sink).catch(async (err: unknown) => {
          await source.close();
          throw err;
        });
        let answered = 0;
        const runner = server.runStream({
          source,
          sink,
          target: server.inferenceTargetFromRuntime(runtime, {
            name: flags.deployment,
            version: model.version,
          }),
          concurrency: flags.concurrency,
          maxDeliveries: flags.maxDeliveries,
          datatypes: flags.oipDatatypes,
          onError: (err) => say(`warning: ${err instanceof Error ? err.message : String(err)}`),
          onReply: () => {
            answered += 1;
            if (flags.maxMessages !== undefined && answered >= flags.maxMessages) {
              void runner.stop();
            }
          },
        });
        if (!json) {
          say(
            `Answering ${source.description} on ${sink.description} with ${model.name ?? model.path}${model.version ? ` version ${model.version}` : ''}; Ctrl-C stops.`,
          );
        }
        const reason = await Promise.race([stop.promise, runner.done.then(() => 'done')]);
        if (reason !== 'done' && !json) say(`${reason}: finishing requests in flight...`);
        const stats: StreamStats = await runner.stop();
        if (json)
          io.stdout.write(`${toJson({ deployment: flags.deployment, model: uri, ...stats })}\n`);
        else {
          io.stdout.write(
            `Answered ${stats.answered} requests (${stats.errorReplies} with errors, ${stats.retried} retried).\n`,
          );
        }
      } finally {
        stop.dispose();
        await runtime.close();
      }
    });
}
