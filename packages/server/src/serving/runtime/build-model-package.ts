import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  MANIFEST_FILE_NAME,
  columnTypeOf,
  invalidArgument,
  isSlipwayError,
  parseModelManifest,
} from '@slipway/core';
import type {
  ColumnSpec,
  ModelLineage,
  ModelManifest,
  SlipwayError,
  TensorSpec,
} from '@slipway/core';
import { readColumnNames } from '../batch/read-column-names.js';
import { inferOnnxSignature } from './infer-onnx-signature.js';

export interface BuildModelPackageOptions {
  name?: string | undefined;
  /**
   * Makes the signature tabular: the model must take one [batch, n] input, and these n columns
   * name its positions in order. Plain names get the column type of the tensor's datatype.
   */
  columns?: readonly (string | ColumnSpec)[] | undefined;
  /**
   * Names the columns (features) of the model's one 2-D input, in order, on the tensor signature
   * read from the graph (`signature.inputs[0].columns`). Unlike `columns`, the graph's signature
   * stays as it is (datatype, a fixed batch size) and no column types are declared.
   */
  columnNames?: readonly string[] | undefined;
  /** Takes `columnNames` from a sample table: a CSV header, Parquet schema or first JSONL record. */
  columnNamesFrom?: string | undefined;
  inputExample?: ModelManifest['inputExample'];
  lineage?: ModelLineage | undefined;
  metrics?: Record<string, number> | undefined;
  modelCard?: ModelManifest['modelCard'];
}

/**
 * The manifest for a bare .onnx file, its signature read from the graph. The package it describes
 * holds the file under its own name (see writeModelPackage).
 */
export async function buildModelPackage(
  onnxPath: string,
  options: BuildModelPackageOptions = {},
): Promise<ModelManifest> {
  const signature = await inferOnnxSignature(onnxPath);
  const base = {
    formatVersion: 1,
    name: options.name,
    flavor: 'onnx',
    modelFile: basename(onnxPath),
    inputExample: options.inputExample,
    lineage: options.lineage,
    metrics: options.metrics,
    modelCard: options.modelCard,
  };
  const names = await columnNamesOf(options);
  if (names !== undefined) {
    const input = columnsInput(signature.inputs, names.list.length, names.given);
    return parseModelManifest({
      ...base,
      signature: { ...signature, inputs: [{ ...input, columns: [...names.list] }] },
    });
  }
  if (options.columns === undefined) return parseModelManifest({ ...base, signature });
  const count = options.columns.length;
  const input = columnsInput(signature.inputs, count, `${count} column names were given`);
  const columns = options.columns.map((column) =>
    typeof column === 'string' ? { name: column, type: columnTypeOf(input.datatype) } : column,
  );
  return parseModelManifest({
    ...base,
    signature: {
      columns,
      input: { name: input.name, datatype: input.datatype },
      outputs: signature.outputs,
    },
  });
}

/** The names asked for, from the option or the sample file; undefined when neither is given. */
async function columnNamesOf(
  options: BuildModelPackageOptions,
): Promise<{ list: readonly string[]; given: string } | undefined> {
  const { columns, columnNames, columnNamesFrom } = options;
  const asked = [columns, columnNames, columnNamesFrom].filter((option) => option !== undefined);
  if (asked.length > 1) {
    throw columnsError('Give the columns one way: typed columns, column names or a sample file.');
  }
  let list: readonly string[];
  let given: string;
  if (columnNamesFrom !== undefined) {
    list = await readColumnNames(columnNamesFrom).catch((err: unknown) => {
      if (!isSlipwayError(err)) throw err;
      throw columnsError(`Cannot read column names from the sample: ${err.message}`);
    });
    given = `the sample ${columnNamesFrom} has ${describeNames(list)}`;
  } else if (columnNames !== undefined) {
    list = columnNames;
    given = `${columnNames.length} column names were given`;
  } else {
    return undefined;
  }
  const empty = list.findIndex((name) => name.trim() === '');
  if (empty !== -1) throw columnsError(`Column name ${empty + 1} is empty (${given}).`);
  const repeated = list.find((name, index) => list.indexOf(name) !== index);
  if (repeated !== undefined) throw columnsError(`Column '${repeated}' is named twice (${given}).`);
  return { list, given };
}

/** The one numeric 2-D input that `count` columns can describe. */
function columnsInput(inputs: readonly TensorSpec[], count: number, given: string): TensorSpec {
  const [input, ...others] = inputs;
  if (
    input === undefined ||
    others.length > 0 ||
    input.shape.length !== 2 ||
    input.datatype === 'BYTES'
  ) {
    throw columnsError(
      'Columns describe a model with exactly one numeric [batch, columns] input; this model has ' +
        inputs
          .map((spec) => `'${spec.name}' ${spec.datatype} [${spec.shape.join(', ')}]`)
          .join(', ') +
        '.',
    );
  }
  const width = input.shape[1];
  if (width !== -1 && width !== count) {
    throw columnsError(`The model's input '${input.name}' has ${width} columns but ${given}.`);
  }
  return input;
}

function describeNames(names: readonly string[]): string {
  const shown = names.slice(0, 40).map((name) => `'${name}'`);
  if (names.length > shown.length) shown.push(`and ${names.length - shown.length} more`);
  return `${names.length} columns (${shown.join(', ')})`;
}

/** A refusal of the column names given (callers such as the CLI report it as a usage error). */
function columnsError(message: string): SlipwayError {
  return invalidArgument(message, { reason: COLUMNS_REFUSED });
}

/** `details.reason` of every refusal of column names by buildModelPackage. */
export const COLUMNS_REFUSED = 'COLUMNS_REFUSED';

/** Writes a model package directory: the model file beside its `slipway-model.json`. */
export async function writeModelPackage(
  destDir: string,
  modelFilePath: string,
  manifest: ModelManifest,
): Promise<void> {
  const target = join(destDir, manifest.modelFile);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(modelFilePath, target);
  await writeFile(join(destDir, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
}
