import { SlipwayError, formatShape } from '@slipway/core';
import type { Tensor, TensorSpec } from '@slipway/core';
import { enforceInputs, resolveRequestedOutputs } from './enforce-signature.js';
import type { InferOptions, ModelMetadata, ModelRuntime } from './model-runtime.js';
import type { WorkerPool, WorkerPoolStats } from './worker-pool.js';

function checkOutput(tensor: Tensor, spec: TensorSpec | undefined, label: string): void {
  const fits =
    spec !== undefined &&
    tensor.datatype === spec.datatype &&
    tensor.shape.length === spec.shape.length &&
    spec.shape.every((dim, index) => dim === -1 || dim === tensor.shape[index]);
  if (!fits) {
    throw new SlipwayError({
      code: 'INTERNAL',
      message: `The ${label} returned output '${tensor.name}' as ${tensor.datatype} ${formatShape(tensor.shape)}, which does not match its signature (${spec ? `${spec.datatype} ${formatShape(spec.shape)}` : 'no such output'}).`,
    });
  }
}

/**
 * A ModelRuntime whose inference runs in a WorkerPool: the signature is enforced here, on the
 * calling thread (cheap), and the model runs in the workers. Outputs are checked against the
 * signature too, so a predictor cannot return something the metadata does not promise.
 */
export class PooledModelRuntime implements ModelRuntime {
  private closing: Promise<void> | undefined;

  constructor(
    readonly metadata: ModelMetadata,
    private readonly pool: WorkerPool,
    private readonly label: string,
  ) {}

  get ready(): boolean {
    return this.closing === undefined && this.pool.ready;
  }

  get concurrency(): number {
    return this.pool.stats().size;
  }

  poolStats(): WorkerPoolStats {
    return this.pool.stats();
  }

  async infer(inputs: readonly Tensor[], options?: InferOptions): Promise<Tensor[]> {
    if (this.closing) {
      throw new SlipwayError({ code: 'UNAVAILABLE', message: `The ${this.label} is unloading.` });
    }
    const feeds = enforceInputs(inputs, this.metadata.inputs);
    const names = resolveRequestedOutputs(options?.outputs, this.metadata.outputs);
    const outputs = await this.pool.run(feeds, names);
    const specs = new Map(this.metadata.outputs.map((spec) => [spec.name, spec]));
    for (const tensor of outputs) checkOutput(tensor, specs.get(tensor.name), this.label);
    return outputs;
  }

  close(): Promise<void> {
    this.closing ??= this.pool.close();
    return this.closing;
  }
}
