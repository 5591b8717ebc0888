import { basename, resolve } from 'node:path';
import type { ModelSignature } from '@slipway/core';
import type { ModelMetadata } from './model-runtime.js';
import { PooledModelRuntime } from './pooled-model-runtime.js';
import { defaultPoolSize, modelLabel, sessionSettings } from './runtime-options.js';
import type { OnnxLoadOptions } from './runtime-options.js';
import { WorkerPool } from './worker-pool.js';

export interface OnnxRuntimeOptions extends OnnxLoadOptions {
  /**
   * The manifest's signature. It is checked against the model's own in each worker before
   * serving (FAILED_PRECONDITION on a mismatch); without it, the model's own signature is served.
   */
  signature?: ModelSignature | undefined;
}

/**
 * Without an explicit pool size, a model whose batch-of-one inference takes less than this runs on
 * one worker (see WorkerPoolOptions.singleWorkerBelowMs): measured on 2 cores, the 30-feature
 * logistic regression served more requests with one worker than with two, the 784-256-256-10 MLP
 * fewer.
 */
const SINGLE_WORKER_BELOW_MS = 0.04;

/** ONNX models on onnxruntime-node, in a pool of worker threads (never on the caller's thread). */
export class OnnxRuntime extends PooledModelRuntime {
  static async load(modelPath: string, options: OnnxRuntimeOptions = {}): Promise<OnnxRuntime> {
    const absolute = resolve(modelPath);
    const name = options.name ?? basename(absolute).replace(/\.onnx$/i, '');
    const label = modelLabel(name, options.version);
    const poolSize = options.poolSize ?? defaultPoolSize();
    const declared = options.signature
      ? { inputs: options.signature.inputs, outputs: options.signature.outputs }
      : undefined;
    const pool = await WorkerPool.start({
      size: poolSize,
      singleWorkerBelowMs: options.poolSize === undefined ? SINGLE_WORKER_BELOW_MS : undefined,
      label,
      data: {
        kind: 'onnx',
        modelPath: absolute,
        session: sessionSettings(poolSize, options.session),
        declared,
        warmUp: options.warmUp ?? true,
      },
    });
    const signature = declared ?? pool.signature;
    if (signature === undefined) throw new Error('an ONNX worker reported no signature');
    const metadata: ModelMetadata = {
      name,
      version: options.version,
      platform: 'onnxruntime',
      inputs: signature.inputs,
      outputs: signature.outputs,
      tabular: options.signature?.tabular,
    };
    return new OnnxRuntime(metadata, pool, label);
  }
}
