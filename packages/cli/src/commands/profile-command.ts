import { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { toJson } from '../output.js';

/**
 * `slipway profile <data> -o profile.json`: a data set summarised as mergeable sketches, to use as
 * a monitor's reference (`reference: { type: profile, uri: ... }` once uploaded) or with
 * driftFromProfiles.
 */
export function profileCommand(io: CliIo): Command {
  return new Command('profile')
    .description('Summarise a CSV, JSONL or Parquet file as a data profile (a monitor reference)')
    .argument('<data>', 'the data file: .csv, .jsonl or .parquet')
    .requiredOption('-o, --output <file.json>', 'where to write the profile')
    .option('--json', 'print a machine-readable summary')
    .action(async (data: string, flags: { output: string; json?: boolean }) => {
      const { profileFile } = await import('@slipway/server');
      const result = await profileFile(data, flags.output);
      const summary = {
        output: flags.output,
        rows: result.rows,
        columns: result.columns,
        bytes: result.bytes,
        elapsedMs: Math.round(result.elapsedMs),
      };
      if (flags.json === true) {
        io.stdout.write(`${toJson(summary)}\n`);
        return;
      }
      io.stdout.write(
        `Wrote the profile of ${result.rows} rows and ${result.columns} columns to ${flags.output} (${Math.round(result.bytes / 1024)} kB) in ${(result.elapsedMs / 1000).toFixed(1)} s.\n`,
      );
    });
}
