import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE_NAME, parseModelManifestJson } from '@slipway/core';
import {
  buildModelPackage,
  writeModelPackage,
} from '../../src/serving/runtime/build-model-package.js';
import { inferOnnxSignature } from '../../src/serving/runtime/infer-onnx-signature.js';
import { loadModelFromDirectory } from '../../src/serving/runtime/model-loader.js';
import { buildMlpOnnx } from '../../src/serving/runtime/onnx-builder/build-mlp-onnx.js';
import { goldenModel, inputRows } from './model-fixtures.js';
import { rejection, tempDir } from './runtime-test-helpers.js';
import type { TempDir } from './runtime-test-helpers.js';

const cancer = goldenModel('breast_cancer_logreg');
const diabetes = goldenModel('diabetes_tree');

describe('inferOnnxSignature', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('reads names, datatypes and shapes, with symbolic dimensions as -1', async () => {
    expect(await inferOnnxSignature(cancer.path)).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(await inferOnnxSignature(diabetes.path)).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 10] }],
      outputs: [{ name: 'variable', datatype: 'FP32', shape: [-1, 1] }],
    });
    const mlp = join(dir.path, 'mlp.onnx');
    await writeFile(mlp, buildMlpOnnx({ layers: [6, 4, 3] }).bytes);
    expect(await inferOnnxSignature(mlp)).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 6] }],
      outputs: [{ name: 'output', datatype: 'FP32', shape: [-1, 3] }],
    });
  });

  it('reports a file that is not a model as INVALID_ARGUMENT', async () => {
    const junk = await dir.write('junk.onnx', 'not a protobuf');
    expect((await rejection(inferOnnxSignature(junk))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('buildModelPackage', () => {
  it('builds a tensor manifest for a bare .onnx file', async () => {
    const manifest = await buildModelPackage(cancer.path, { name: 'cancer' });
    expect(manifest).toMatchObject({
      formatVersion: 1,
      name: 'cancer',
      flavor: 'onnx',
      modelFile: 'breast_cancer_logreg.onnx',
      signature: {
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
        outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
      },
    });
  });

  it('builds a tabular manifest from column names', async () => {
    const manifest = await buildModelPackage(cancer.path, { columns: cancer.columns });
    expect(manifest.signature).toEqual({
      columns: cancer.columns.map((name) => ({ name, type: 'float' })),
      input: { name: 'input', datatype: 'FP32' },
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    });
    const err = await rejection(
      buildModelPackage(cancer.path, { columns: cancer.columns.slice(1) }),
    );
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('has 30 columns but 29');
  });
});

describe('loadModelFromDirectory', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('loads a bare .onnx file with the signature from its graph', async () => {
    const runtime = await loadModelFromDirectory(diabetes.path, { poolSize: 1 });
    try {
      expect(runtime.metadata).toMatchObject({ name: 'diabetes_tree', platform: 'onnxruntime' });
      const [output] = await runtime.infer([inputRows(diabetes, 0, 3)]);
      const expected = diabetes.expected.slice(0, 3).map((row) => Math.fround(row[0] ?? NaN));
      expect(Array.from(output?.data as Float32Array)).toEqual(expected);
    } finally {
      await runtime.close();
    }
  });

  it('loads a tabular package written by writeModelPackage and reports its columns', async () => {
    const manifest = await buildModelPackage(cancer.path, {
      name: 'cancer',
      columns: cancer.columns,
      lineage: { runId: 'run-1' },
    });
    const pkg = join(dir.path, 'cancer-package');
    await writeModelPackage(pkg, cancer.path, manifest);
    const written = parseModelManifestJson(await readFile(join(pkg, MANIFEST_FILE_NAME), 'utf8'));
    expect(written.lineage).toEqual({ runId: 'run-1' });
    const runtime = await loadModelFromDirectory(pkg, { poolSize: 1, version: '3' });
    try {
      expect(runtime.metadata.name).toBe('cancer');
      expect(runtime.metadata.version).toBe('3');
      expect(runtime.metadata.tabular?.inputName).toBe('input');
      expect(runtime.metadata.tabular?.columns.map((column) => column.name)).toEqual(
        cancer.columns,
      );
      const [output] = await runtime.infer([inputRows(cancer)]);
      const worst = Math.max(
        ...Array.from(output?.data as Float32Array).map((value, row) =>
          Math.abs(value - (cancer.expected[row]?.[0] ?? NaN)),
        ),
      );
      expect(worst).toBeLessThanOrEqual(1e-5);
    } finally {
      await runtime.close();
    }
  });

  it('explains what is wrong with a directory that is not a valid package', async () => {
    const empty = join(dir.path, 'empty');
    await mkdir(empty);
    const noManifest = await rejection(loadModelFromDirectory(empty));
    expect(noManifest.code).toBe('FAILED_PRECONDITION');
    expect(noManifest.message).toContain('has no readable slipway-model.json');

    const badManifest = join(dir.path, 'bad');
    await mkdir(badManifest);
    await writeFile(
      join(badManifest, MANIFEST_FILE_NAME),
      JSON.stringify({ formatVersion: 1, flavor: 'onnx' }),
    );
    const invalid = await rejection(loadModelFromDirectory(badManifest));
    expect(invalid.code).toBe('INVALID_ARGUMENT');
    expect(invalid.message).toContain("'modelFile'");

    const missing = await rejection(loadModelFromDirectory(join(dir.path, 'nowhere')));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('refuses a model file that a symbolic link places outside the package', async () => {
    const outside = join(dir.path, 'outside.onnx');
    await copyFile(cancer.path, outside);
    const pkg = join(dir.path, 'escape');
    await mkdir(pkg);
    await symlink(outside, join(pkg, 'model.onnx'));
    const manifest = { ...(await buildModelPackage(cancer.path)), modelFile: 'model.onnx' };
    await writeFile(join(pkg, MANIFEST_FILE_NAME), JSON.stringify(manifest));
    const err = await rejection(loadModelFromDirectory(pkg));
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toContain('not a file inside');
  });
});
