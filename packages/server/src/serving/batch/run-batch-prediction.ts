import { SlipwayError } from '@slipway/core';
import type { ColumnSpec, ColumnType, Tensor } from '@slipway/core';
import { loadModelFromDirectory } from '../runtime/model-loader.js';
import type { LoadModelOptions } from '../runtime/model-loader.js';
import type { ModelRuntime } from '../runtime/model-runtime.js';
import { defaultPoolSize } from '../runtime/runtime-options.js';
import { tableInputOf } from '../scoring/table-input.js';
import type { TableInput } from '../scoring/table-input.js';
import type {
  BatchInput,
  BatchOutput,
  ColumnKind,
  OutputColumnSpec,
  RowChunk,
} from './batch-types.js';
import { inferKind } from './cell-kinds.js';
import { chunkInputs } from './chunk-inputs.js';
import { openBatchInput } from './open-batch-input.js';
import { openBatchOutput } from './open-batch-output.js';
import { outputCells, planOutputColumns } from './output-columns.js';
import type { OutputColumn } from './output-columns.js';

export interface BatchProgress {
  rowsDone: number;
  /** Known up front for Parquet inputs. */
  rowsTotal: number | undefined;
  /** Bytes of a text input consumed so far, for a progress estimate when rows are unknown. */
  bytesDone: number | undefined;
  bytesTotal: number;
  elapsedMs: number;
}

export interface BatchPredictionOptions {
  /** A model package directory or `.onnx` file, loaded with `workers` worker threads. */
  modelDir?: string | undefined;
  /** An already loaded model (not closed here); used instead of modelDir. */
  runtime?: ModelRuntime | undefined;
  /** Extra load options for modelDir (name, version, ONNX session settings). */
  loadOptions?: LoadModelOptions | undefined;
  /** `.csv`, `.jsonl` (or `.ndjson`) or `.parquet`. */
  input: string;
  /** `.csv`, `.jsonl` or `.parquet`; written to a temporary file and renamed when complete. */
  output: string;
  /** Rows per inference call; default 1024. */
  chunkRows?: number | undefined;
  /** Chunks in flight at once (and worker threads when loading modelDir); default min(2, cores). */
  workers?: number | undefined;
  /** Rows per Parquet row group of the output; default max(chunkRows, 16384). */
  rowGroupRows?: number | undefined;
  onProgress?: ((progress: BatchProgress) => void) | undefined;
}

export interface BatchPredictionSummary {
  input: string;
  output: string;
  model: { name: string; version: string | undefined };
  rows: number;
  chunks: number;
  outputColumns: string[];
  elapsedMs: number;
  rowsPerSecond: number;
}

const KIND_OF_COLUMN_TYPE: Record<ColumnType, ColumnKind> = {
  boolean: 'boolean',
  integer: 'int64',
  long: 'int64',
  float: 'double',
  double: 'double',
};

/** What a Parquet column's kind says of its values' type (doubles take the input's). */
const COLUMN_TYPE_OF_KIND: Record<ColumnKind, ColumnType | undefined> = {
  boolean: 'boolean',
  int64: 'long',
  double: undefined,
  string: undefined,
  json: undefined,
};

function positive(value: number | undefined, fallback: number, what: string): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `${what} must be a positive integer, not ${chosen}.`,
    });
  }
  return chosen;
}

interface DoneChunk {
  chunk: RowChunk;
  outputs: Tensor[];
}

/**
 * Runs a file through a model in chunks: the input streams (CSV via csv-parse, JSONL line by
 * line, Parquet by row group), at most `workers` chunks are in flight in the runtime's worker
 * pool, and results are written in input order as the input's columns plus one column per
 * output value (see planOutputColumns). Memory holds a few chunks (and one Parquet row group),
 * whatever the file size. On failure the output file is not created.
 */
export async function runBatchPrediction(
  options: BatchPredictionOptions,
): Promise<BatchPredictionSummary> {
  const chunkRows = positive(options.chunkRows, 1024, 'chunkRows');
  const workers = positive(
    options.workers,
    options.runtime?.concurrency ?? defaultPoolSize(),
    'workers',
  );
  const rowGroupRows = positive(options.rowGroupRows, Math.max(chunkRows, 16_384), 'rowGroupRows');
  const started = performance.now();
  let runtime = options.runtime;
  const ownsRuntime = runtime === undefined;
  if (runtime === undefined) {
    if (options.modelDir === undefined) {
      throw new SlipwayError({ code: 'INVALID_ARGUMENT', message: 'Give modelDir or runtime.' });
    }
    runtime = await loadModelFromDirectory(options.modelDir, {
      ...options.loadOptions,
      poolSize: workers,
    });
  }
  let input: BatchInput | undefined;
  let job: BatchJob | undefined;
  try {
    input = await openBatchInput(options.input, chunkRows);
    // Decided once per file (its columns do not change), so a wrong column count fails at once.
    const table = tableInputOf(
      runtime.metadata,
      { names: input.columns, width: input.columns.length },
      input.kinds?.map((kind) => COLUMN_TYPE_OF_KIND[kind]),
    );
    job = new BatchJob(runtime, input, table, options, rowGroupRows, started);
    const inflight: Promise<DoneChunk>[] = [];
    let firstRow = 0;
    for await (const chunk of input.chunks()) {
      const tensors = chunkInputs(
        chunk.rows,
        input.columns,
        runtime.metadata,
        table,
        job.strings,
        firstRow,
      );
      firstRow += chunk.rows.length;
      const pending = runtime.infer(tensors).then((outputs) => ({ chunk, outputs }));
      // Awaited in order below; this only keeps a later failure from being "unhandled" meanwhile.
      pending.catch(() => undefined);
      inflight.push(pending);
      while (inflight.length >= workers) await job.write(await inflight.shift());
    }
    while (inflight.length > 0) await job.write(await inflight.shift());
    await job.finish();
    return job.summary();
  } catch (err) {
    await job?.abort();
    throw err;
  } finally {
    await input?.close();
    if (ownsRuntime) await runtime.close();
  }
}

/** The ordered writing side of one run: output schema from the first chunk, then rows. */
class BatchJob {
  readonly strings;
  private plan: OutputColumn[] | undefined;
  private output: BatchOutput | undefined;
  private rows = 0;
  private chunks = 0;

  constructor(
    private readonly runtime: ModelRuntime,
    private readonly input: BatchInput,
    private readonly table: TableInput | undefined,
    private readonly options: BatchPredictionOptions,
    private readonly rowGroupRows: number,
    private readonly started: number,
  ) {
    this.strings = input.format === 'csv' ? ('parse' as const) : ('reject' as const);
  }

  async write(done: DoneChunk | undefined): Promise<void> {
    if (done === undefined) return;
    const { chunk, outputs } = done;
    const count = chunk.rows.length;
    const plan = (this.plan ??= planOutputColumns(outputs, this.input.columns));
    this.output ??= await this.open(plan, chunk);
    const cells = outputCells(outputs, plan, count);
    const rows = chunk.rows.map((row, r) => {
      const combined = row.slice();
      for (const column of cells) combined.push(column[r]);
      return combined;
    });
    await this.output.write(rows, chunk.records);
    this.rows += count;
    this.chunks += 1;
    this.options.onProgress?.({
      rowsDone: this.rows,
      rowsTotal: this.input.totalRows,
      bytesDone: chunk.bytesRead,
      bytesTotal: this.input.totalBytes,
      elapsedMs: performance.now() - this.started,
    });
  }

  /** Completes the output (an empty input still gets a file with its header). */
  async finish(): Promise<void> {
    if (this.output === undefined) {
      this.plan = planOutputColumns(this.runtime.metadata.outputs, this.input.columns);
      this.output = await this.open(this.plan, { rows: [] });
    }
    const output = this.output;
    this.output = undefined;
    await output.close();
  }

  async abort(): Promise<void> {
    await this.output?.abort();
    this.output = undefined;
  }

  summary(): BatchPredictionSummary {
    const elapsedMs = performance.now() - this.started;
    return {
      input: this.options.input,
      output: this.options.output,
      model: { name: this.runtime.metadata.name, version: this.runtime.metadata.version },
      rows: this.rows,
      chunks: this.chunks,
      outputColumns: (this.plan ?? []).map((column) => column.name),
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? (this.rows * 1000) / elapsedMs : 0,
    };
  }

  private open(plan: OutputColumn[], first: RowChunk): Promise<BatchOutput> {
    const columns: OutputColumnSpec[] = [
      ...this.input.columns.map((name, c) => ({ name, kind: this.inputKind(name, c, first) })),
      ...plan.map((column) => ({ name: column.name, kind: column.kind })),
    ];
    return openBatchOutput(this.options.output, columns, {
      outputColumnCount: plan.length,
      rowGroupRows: this.rowGroupRows,
    });
  }

  /** Declared kinds for Parquet; the model's column types, else the first chunk's values. */
  private inputKind(name: string, index: number, first: RowChunk): ColumnKind {
    const declared = this.input.kinds?.[index];
    if (declared !== undefined) return declared;
    const table = this.table;
    const column: ColumnSpec | undefined = table?.positional
      ? table.columns[index]
      : table?.columns.find((spec) => spec.name === name);
    if (column !== undefined) return KIND_OF_COLUMN_TYPE[column.type];
    if (this.input.format === 'csv') return 'string';
    return inferKind(first.rows.map((row) => row[index]));
  }
}
