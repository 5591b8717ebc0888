import { basename } from 'node:path';
import { Command } from 'commander';
import { SlipwayError, formatValidationResult, inferSuite, validate } from '@slipway/core';
import type { ColumnarTable, ExpectationSuite } from '@slipway/core';
import type { CliIo } from '../cli-io.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { toJson } from '../output.js';
import { UsageError } from '../usage-error.js';

interface ValidateFlags {
  suite?: string;
  json?: boolean;
  report?: string;
}

interface InferFlags {
  output: string;
  name?: string;
  maxSetSize?: number;
  json?: boolean;
}

/** Loaded only when a validate command runs: client commands never load the server's modules. */
const server = () => import('@slipway/server');

/**
 * A file that cannot be read, or a suite that does not parse, is a mistake in the call (exit 2,
 * as usage errors), kept apart from a failed expectation (exit 1).
 */
async function input<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof SlipwayError) throw new UsageError(err.message);
    throw err;
  }
}

async function readData(path: string): Promise<ColumnarTable> {
  const { readTable } = await server();
  return input(() => readTable(path));
}

async function runValidate(io: CliIo, data: string, flags: ValidateFlags): Promise<void> {
  const suitePath = flags.suite;
  if (suitePath === undefined) {
    throw new UsageError('Give the expectation suite: slipway validate <data> --suite suite.yaml.');
  }
  const { readSuiteFile, writeValidationReport } = await server();
  const suite = await input(() => readSuiteFile(suitePath));
  const table = await readData(data);
  const result = validate(table, suite);
  io.stdout.write(`${flags.json === true ? toJson(result) : formatValidationResult(result)}\n`);
  if (flags.report !== undefined) {
    await writeValidationReport(flags.report, {
      result,
      dataName: basename(data),
      rowCount: table.rowCount,
      generatedAt: new Date(),
    });
    if (flags.json !== true) io.stdout.write(`Report written to ${flags.report}.\n`);
  }
  if (!result.success) {
    const { unsuccessful_expectations: failed, evaluated_expectations: all } = result.statistics;
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `${data} does not meet suite ${JSON.stringify(result.suite_name)}: ${failed} of ${all} expectations failed.`,
    });
  }
}

async function runInfer(io: CliIo, data: string, flags: InferFlags): Promise<void> {
  const { writeSuiteFile } = await server();
  const table = await readData(data);
  const suite: ExpectationSuite = inferSuite(table, {
    name: flags.name ?? basename(data).replace(/\.[^.]*$/u, ''),
    ...(flags.maxSetSize === undefined ? {} : { maxSetSize: flags.maxSetSize }),
  });
  await writeSuiteFile(flags.output, suite);
  if (flags.json === true) {
    io.stdout.write(`${toJson(suite)}\n`);
    return;
  }
  io.stdout.write(
    `Wrote suite ${JSON.stringify(suite.name)} (${suite.expectations.length} expectations, from ${table.rowCount} rows) to ${flags.output}.\n`,
  );
}

function inferCommand(io: CliIo): Command {
  return (
    new Command('infer')
      .description('Write a suite that the data file passes (a starting point to edit)')
      .argument('<data>', 'data file: .csv, .jsonl or .parquet')
      .requiredOption(
        '-o, --output <suite>',
        'suite file to write: YAML, or JSON when it ends in .json',
      )
      .option('--name <name>', "the suite's name (default: the data file's name)")
      .option(
        '--max-set-size <n>',
        'columns with at most this many distinct (repeating) values get a value set (default 20)',
        parsePositiveInteger,
      )
      .option('--json', 'print the suite as JSON')
      // Commander hands a --json after the data to `validate` itself; it counts for infer too.
      .action((data: string, _flags: InferFlags, command: Command) =>
        runInfer(io, data, command.optsWithGlobals<InferFlags>()),
      )
  );
}

/**
 * `slipway validate`: a local data file checked against an expectation suite (Great
 * Expectations' names), in this process. Exit 0 when every expectation holds, 1 when one fails,
 * 2 when the suite or the data cannot be read.
 */
export function validateCommand(io: CliIo): Command {
  return (
    new Command('validate')
      .description('Check a data file against an expectation suite (exit 1 when one fails)')
      .argument('<data>', 'data file: .csv, .jsonl or .parquet')
      // Not requiredOption: commander would then demand it of `validate infer` too.
      .option('--suite <file>', 'expectation suite: .yaml, .yml or .json (required)')
      .option('--json', 'print the result as JSON (the shape of POST /api/v1/validate)')
      .option('--report <file.html>', 'also write a self-contained HTML report')
      .action((data: string, flags: ValidateFlags) => runValidate(io, data, flags))
      .addCommand(inferCommand(io))
  );
}
