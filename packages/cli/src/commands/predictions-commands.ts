import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PREDICTION_EXPORT_FORMATS, isPredictionExportFormat } from '@slipway/core';
import type { PredictionExportFormat } from '@slipway/core';
import type { CliIo } from '../cli-io.js';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parseInteger } from '../option-parsers.js';
import { toJson } from '../output.js';

function parseFormat(value: string): PredictionExportFormat {
  if (!isPredictionExportFormat(value)) {
    throw new InvalidArgumentError(`Expected one of ${PREDICTION_EXPORT_FORMATS.join(', ')}.`);
  }
  return value;
}

function parseTime(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError('Expected milliseconds since the Unix epoch.');
  return n;
}

/** What a real process stdout also offers: bytes and backpressure. Test captures offer neither. */
interface ByteSink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Copies the export to stdout. CSV and JSON Lines are text and go through `write(string)`;
 * Parquet is binary, which only a real stdout takes (as process.stdout does).
 */
async function toStdout(
  stream: ReadableStream<Uint8Array>,
  format: PredictionExportFormat,
  io: CliIo,
): Promise<number> {
  const sink = io.stdout as ByteSink;
  const decoder = new TextDecoder();
  let bytes = 0;
  for await (const chunk of Readable.fromWeb(stream as NodeReadableStream)) {
    const data = chunk as Uint8Array;
    bytes += data.byteLength;
    const text = format === 'parquet' ? data : decoder.decode(data, { stream: true });
    if (sink.write(text) === false && sink.once) {
      await new Promise<void>((resolve) => sink.once?.('drain', resolve));
    }
  }
  if (format !== 'parquet') {
    const rest = decoder.decode();
    if (rest !== '') sink.write(rest);
  }
  return bytes;
}

/** Writes `<file>.partial` and renames it when complete, so a failure leaves no truncated file. */
async function toFile(stream: ReadableStream<Uint8Array>, file: string): Promise<number> {
  const partial = `${file}.partial`;
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(stream as NodeReadableStream),
      count,
      createWriteStream(partial),
    );
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return bytes;
}

interface ExportFlags {
  format: PredictionExportFormat;
  output?: string;
  from?: number;
  to?: number;
  modelVersion?: string;
  model?: string;
  json?: boolean;
}

export function predictionsCommands(action: ActionFactory, io: CliIo): Command {
  const predictions = new Command('predictions').description(
    'The prediction log of deployments (inputs, outputs, latency, ground truth)',
  );

  clientCommand(predictions.command('export'))
    .description("Export a deployment's logged predictions as CSV, Parquet or JSON Lines")
    .argument('<deployment>', 'deployment name')
    .addOption(
      new Option('--format <format>', 'csv, parquet or jsonl')
        .argParser(parseFormat)
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option('--from <ms>', 'only predictions at or after this time (ms since epoch)', parseTime)
    .option('--to <ms>', 'only predictions before this time (ms since epoch)', parseTime)
    // Not --version: that flag prints the CLI's own version.
    .option('--model-version <version>', 'only predictions served by this model version')
    .option('--model <name>', 'only predictions served by this registered model')
    .action(
      action<[string], ExportFlags>(async (t, o, deployment) => {
        const stream = await t.client.deployments.exportPredictions(deployment, {
          format: o.format,
          from: o.from,
          to: o.to,
          version: o.modelVersion,
          model: o.model,
        });
        if (o.output === undefined) {
          const bytes = await toStdout(stream, o.format, io);
          // stdout holds the data, so the summary goes to stderr.
          if (o.json) io.stderr.write(`${toJson({ output: null, bytes })}\n`);
          return;
        }
        const bytes = await toFile(stream, o.output);
        io.stderr.write(`exported to ${o.output}\n`);
        if (o.json) io.stdout.write(`${toJson({ output: o.output, bytes })}\n`);
      }),
    );

  return predictions;
}
