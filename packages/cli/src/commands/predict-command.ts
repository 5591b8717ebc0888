import { Command } from 'commander';
import { SlipwayClient, authorizationHeader } from '@slipway/sdk';
import type { CliIo } from '../cli-io.js';
import { clientOptionsFromEnv } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { toJson } from '../output.js';
import { localModel, modelCacheDir } from './predict-model-source.js';
import { ProgressBar } from './predict-progress.js';
import type { ProgressStream } from './predict-progress.js';

interface PredictFlags {
  model: string;
  input: string;
  output: string;
  chunkRows?: number;
  workers?: number;
  cacheDir?: string;
  url?: string;
  json?: boolean;
}

/** A client built as every client command builds it: --url, $SLIPWAY_URL, the credentials. */
export function cliClient(io: CliIo, url: string | undefined): SlipwayClient {
  const { credentialSource: _source, ...options } = clientOptionsFromEnv(io, url);
  return new SlipwayClient(options);
}

/** The Authorization header the CLI's credentials make, for raw downloads beside the SDK. */
export function cliAuthorization(io: CliIo, url: string | undefined): string | undefined {
  const { credentialSource: _source, ...options } = clientOptionsFromEnv(io, url);
  return authorizationHeader(options);
}

/**
 * `slipway predict`: batch inference of a file through a model run locally (worker threads),
 * with a progress bar on stderr. The model is a registry URI (downloaded once into the local
 * cache) or a local package directory / .onnx file.
 */
export function predictCommand(io: CliIo): Command {
  return new Command('predict')
    .description(
      'Run a model over a CSV, JSONL or Parquet file, writing predictions beside each row',
    )
    .requiredOption(
      '--model <uri-or-path>',
      'models:/<name>@<alias>, models:/<name>/<version>, or a local model',
    )
    .requiredOption('--input <path>', 'input file: .csv, .jsonl or .parquet')
    .requiredOption('--output <path>', 'output file: .csv, .jsonl or .parquet')
    .option('--chunk-rows <n>', 'rows per inference call (default 1024)', parsePositiveInteger)
    .option(
      '--workers <n>',
      'worker threads, and chunks in flight (default min(2, cores))',
      parsePositiveInteger,
    )
    .option(
      '--cache-dir <dir>',
      'where downloaded models are kept (default $SLIPWAY_CACHE_DIR or ~/.cache/slipway/models)',
    )
    .option('--url <url>', 'server URL (default: $SLIPWAY_URL or http://127.0.0.1:5050)')
    .option('--json', 'print a machine-readable summary')
    .action(async (flags: PredictFlags) => {
      const json = flags.json === true;
      const model = await localModel(flags.model, {
        client: cliClient(io, flags.url),
        authorization: cliAuthorization(io, flags.url),
        cacheDir: modelCacheDir(flags.cacheDir, io.env),
        status: (line) => {
          if (!json) io.stderr.write(`${line}\n`);
        },
      });
      // Loaded only here: client commands never pay for (or need) ONNX Runtime.
      const { runBatchPrediction } = await import('@slipway/server');
      const bar = new ProgressBar(io.stderr as ProgressStream, !json);
      const summary = await runBatchPrediction({
        modelDir: model.path,
        loadOptions: { name: model.name, version: model.version },
        input: flags.input,
        output: flags.output,
        chunkRows: flags.chunkRows,
        workers: flags.workers,
        onProgress: (progress) => bar.update(progress),
      });
      bar.finish();
      const result = { ...summary, model: { ...summary.model, source: model.source } };
      if (json) {
        io.stdout.write(`${toJson(result)}\n`);
        return;
      }
      const seconds = (summary.elapsedMs / 1000).toFixed(1);
      io.stdout.write(
        `Wrote ${summary.rows} rows to ${summary.output} (${summary.outputColumns.join(', ')}) in ${seconds} s, ${Math.round(summary.rowsPerSecond)} rows/s.\n`,
      );
    });
}
