import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelSignature } from '@slipway/core';
import type { ModelMetadata } from './model-runtime.js';
import { PooledModelRuntime } from './pooled-model-runtime.js';
import { defaultPoolSize, modelLabel } from './runtime-options.js';
import type { RuntimeLoadOptions } from './runtime-options.js';
import { WorkerPool } from './worker-pool.js';

export interface JsRuntimeOptions extends RuntimeLoadOptions {
  /** A js predictor declares its signature in the manifest; it is enforced like ONNX's. */
  signature: ModelSignature;
  /** Passed to the predictor's load(); default: the module's directory. */
  modelDir?: string | undefined;
}

/**
 * Custom JS predictors (`flavor: 'js'`): a module exporting `load(dir)` and `predict(inputs)`
 * (see PredictorModule), run in worker threads like ONNX models so a slow or blocking predictor
 * cannot stall the HTTP thread. Warm-up is off by default: a predictor may reject all-zero input.
 */
export class JsRuntime extends PooledModelRuntime {
  static async load(modulePath: string, options: JsRuntimeOptions): Promise<JsRuntime> {
    const absolute = resolve(modulePath);
    const name = options.name ?? 'predictor';
    const label = modelLabel(name, options.version);
    const { inputs, outputs, tabular } = options.signature;
    const pool = await WorkerPool.start({
      size: options.poolSize ?? defaultPoolSize(),
      label,
      data: {
        kind: 'js',
        moduleUrl: pathToFileURL(absolute).href,
        modelDir: resolve(options.modelDir ?? resolve(absolute, '..')),
        declared: { inputs, outputs },
        warmUp: options.warmUp ?? false,
      },
    });
    const metadata: ModelMetadata = {
      name,
      version: options.version,
      platform: 'js',
      inputs,
      outputs,
      tabular,
    };
    return new JsRuntime(metadata, pool, label);
  }
}
