import { SlipwayError, deploymentVariants, isSlipwayError } from '@slipway/core';
import type { BatchingSpec, DeploymentSpec, ResolvedModel, VariantId } from '@slipway/core';
import { DynamicBatcher } from '../runtime/dynamic-batcher.js';
import type { ModelRuntime } from '../runtime/model-runtime.js';
import { SharedRuntimes } from './shared-runtimes.js';
import type { RuntimeLease } from './shared-runtimes.js';

/** Loads one registry version for serving (RegistryModelLoader in production). */
export interface ModelVersionLoader {
  load(model: ResolvedModel): Promise<ModelRuntime>;
}

export interface DeploymentRuntimesHooks {
  onLoaded?(model: ResolvedModel, loadMs: number): void;
  onBatch?(
    deployment: string,
    model: ResolvedModel,
    batch: { requests: number; rows: number; queueDepth: number },
  ): void;
  onCloseError?(key: string, err: unknown): void;
}

/** A ModelRuntime view of a lease whose close() lets go of the lease instead of the runtime. */
function leasedRuntime(lease: RuntimeLease): ModelRuntime {
  const { runtime } = lease;
  return {
    get metadata() {
      return runtime.metadata;
    },
    get ready() {
      return runtime.ready;
    },
    get concurrency() {
      return runtime.concurrency;
    },
    infer: (inputs, options) => runtime.infer(inputs, options),
    close: async () => lease.release(),
  };
}

export function modelKey(model: ResolvedModel): string {
  return `${model.name}/${model.version}`;
}

/**
 * The runtimes deployments serve with. A version is loaded once however many deployments use it;
 * a deployment with `batching` gets a DynamicBatcher of its own in front of the shared runtime
 * (kept across its generations while the settings stay the same), so its batches and queue depth
 * are its own traffic.
 */
export class DeploymentRuntimes {
  readonly shared: SharedRuntimes;

  constructor(
    private readonly loader: ModelVersionLoader,
    private readonly hooks: DeploymentRuntimesHooks = {},
  ) {
    this.shared = new SharedRuntimes(hooks.onCloseError);
  }

  /** A plain (unbatched) runtime of one version. */
  acquireModel(model: ResolvedModel): Promise<RuntimeLease> {
    return this.shared.acquire(modelKey(model), async () => {
      const started = performance.now();
      const runtime = await this.loader.load(model);
      this.hooks.onLoaded?.(model, performance.now() - started);
      return runtime;
    });
  }

  /**
   * One lease per variant of the spec, every runtime loaded and warmed before this resolves. If
   * any variant fails to load, the others are let go and the error names the variant.
   */
  async acquireAll(
    spec: DeploymentSpec,
    resolved: Readonly<Record<VariantId, ResolvedModel>>,
  ): Promise<Map<VariantId, RuntimeLease>> {
    const variants = deploymentVariants(spec.policy);
    const results = await Promise.allSettled(
      variants.map((variant) => {
        const model = resolved[variant.id] as ResolvedModel;
        return spec.batching === undefined
          ? this.acquireModel(model)
          : this.acquireBatched(spec.name, model, spec.batching);
      }),
    );
    const leases = new Map<VariantId, RuntimeLease>();
    let failure: { variant: string; err: unknown } | undefined;
    results.forEach((result, index) => {
      const variant = variants[index] as (typeof variants)[number];
      if (result.status === 'fulfilled') leases.set(variant.id, result.value);
      else failure ??= { variant: `${variant.id} (${variant.model})`, err: result.reason };
    });
    if (failure !== undefined) {
      for (const lease of leases.values()) lease.release();
      const { err } = failure;
      throw new SlipwayError({
        code: isSlipwayError(err) ? err.code : 'FAILED_PRECONDITION',
        message: `Deployment '${spec.name}', variant ${failure.variant}: ${err instanceof Error ? err.message : String(err)}`,
        cause: err,
      });
    }
    return leases;
  }

  private acquireBatched(
    deployment: string,
    model: ResolvedModel,
    batching: BatchingSpec,
  ): Promise<RuntimeLease> {
    const key = `${modelKey(model)}|${deployment}|batch:${batching.maxBatchSize},${batching.maxDelayMs}`;
    return this.shared.acquire(key, async () => {
      const inner = await this.acquireModel(model);
      try {
        const batcher: DynamicBatcher = new DynamicBatcher(leasedRuntime(inner), {
          maxBatchSize: batching.maxBatchSize,
          maxDelayMs: batching.maxDelayMs,
          onBatch: (batch) =>
            this.hooks.onBatch?.(deployment, model, {
              ...batch,
              queueDepth: batcher.stats().queueDepth,
            }),
        });
        return batcher;
      } catch (err) {
        inner.release();
        throw err;
      }
    });
  }

  closeAll(): Promise<void> {
    return this.shared.closeAll();
  }
}
