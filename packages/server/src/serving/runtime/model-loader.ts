import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SlipwayError, resolveSignature } from '@slipway/core';
import { JsRuntime } from './js-runtime.js';
import { packageModelName, readModelPackage } from './model-package.js';
import { OnnxRuntime } from './onnx-runtime.js';
import type { PooledModelRuntime } from './pooled-model-runtime.js';
import type { OnnxLoadOptions } from './runtime-options.js';

export type LoadModelOptions = OnnxLoadOptions;

/**
 * Loads a model for serving from a package directory (`slipway-model.json` + model file) or from a
 * bare `.onnx` file, whose signature then comes from the graph itself. Resolves once every worker
 * has loaded and warmed up the model.
 */
export async function loadModelFromDirectory(
  path: string,
  options: LoadModelOptions = {},
): Promise<PooledModelRuntime> {
  const info = await stat(path).catch((err: unknown) => {
    throw new SlipwayError({
      code: 'NOT_FOUND',
      message: `No model at ${path}: ${(err as Error).message}`,
      cause: err,
    });
  });
  if (info.isFile()) {
    if (!path.toLowerCase().endsWith('.onnx')) {
      throw new SlipwayError({
        code: 'FAILED_PRECONDITION',
        message: `${path} is a file but not an .onnx model; give an .onnx file or a model package directory.`,
      });
    }
    return OnnxRuntime.load(path, { ...options, name: options.name ?? basename(path, '.onnx') });
  }
  const pkg = await readModelPackage(path);
  const signature = resolveSignature(pkg.manifest.signature);
  const name = options.name ?? packageModelName(pkg);
  if (pkg.manifest.flavor === 'onnx') {
    return OnnxRuntime.load(pkg.modelPath, { ...options, name, signature });
  }
  return JsRuntime.load(pkg.modelPath, { ...options, name, signature, modelDir: pkg.dir });
}
