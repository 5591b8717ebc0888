import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MANIFEST_FILE_NAME, invalidArgument, parseModelManifest } from '@slipway/core';
import type { ColumnSpec, ColumnType, Datatype, ModelLineage, ModelManifest } from '@slipway/core';
import { inferOnnxSignature } from './infer-onnx-signature.js';

export interface BuildModelPackageOptions {
  name?: string | undefined;
  /**
   * Makes the signature tabular: the model must take one [batch, n] input, and these n columns
   * name its positions in order. Plain names get the column type of the tensor's datatype.
   */
  columns?: readonly (string | ColumnSpec)[] | undefined;
  inputExample?: ModelManifest['inputExample'];
  lineage?: ModelLineage | undefined;
  metrics?: Record<string, number> | undefined;
  modelCard?: ModelManifest['modelCard'];
}

function columnTypeFor(datatype: Datatype): ColumnType {
  if (datatype === 'BOOL') return 'boolean';
  if (datatype === 'FP64') return 'double';
  if (datatype === 'FP16' || datatype === 'FP32') return 'float';
  if (datatype === 'INT64' || datatype === 'UINT64' || datatype === 'UINT32') return 'long';
  return 'integer';
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
  if (options.columns === undefined) return parseModelManifest({ ...base, signature });
  const [input, ...others] = signature.inputs;
  const width = input?.shape[1];
  if (
    input === undefined ||
    others.length > 0 ||
    input.shape.length !== 2 ||
    input.datatype === 'BYTES'
  ) {
    throw invalidArgument(
      'Columns describe a model with exactly one numeric [batch, columns] input; this model has ' +
        signature.inputs
          .map((spec) => `'${spec.name}' ${spec.datatype} [${spec.shape.join(', ')}]`)
          .join(', ') +
        '.',
    );
  }
  if (width !== -1 && width !== options.columns.length) {
    throw invalidArgument(
      `The model's input '${input.name}' has ${width} columns but ${options.columns.length} column names were given.`,
    );
  }
  const columns = options.columns.map((column) =>
    typeof column === 'string' ? { name: column, type: columnTypeFor(input.datatype) } : column,
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
