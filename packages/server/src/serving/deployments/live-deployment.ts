import type { DeploymentState, VariantId } from '@slipway/core';
import type { ModelRuntime } from '../runtime/model-runtime.js';
import type { RuntimeLease } from './shared-runtimes.js';

/**
 * One generation of a deployment: the routing state and the runtime of every variant, never
 * changed once built. Changing anything (policy, versions, canary weight, a bandit reward) builds
 * the next generation and swaps it in. Requests count themselves in and out of the generation they
 * started on, and a retired generation lets go of its runtimes only once its last request is out,
 * so a swap never pulls a runtime from under a request.
 */
export class LiveDeployment {
  private inFlight = 0;
  private retired = false;
  private released = false;
  private readonly runtimes: ReadonlyMap<VariantId, ModelRuntime>;

  constructor(
    readonly state: DeploymentState,
    private readonly leases: ReadonlyMap<VariantId, RuntimeLease>,
  ) {
    this.runtimes = new Map([...leases].map(([variant, lease]) => [variant, lease.runtime]));
  }

  /** The next generation with another state and the same runtimes (shared, not reloaded). */
  withState(state: DeploymentState): LiveDeployment {
    const leases = new Map([...this.leases].map(([variant, lease]) => [variant, lease.share()]));
    return new LiveDeployment(state, leases);
  }

  runtime(variant: VariantId): ModelRuntime {
    const runtime = this.runtimes.get(variant);
    if (runtime === undefined) throw new Error(`no runtime for variant '${variant}'`);
    return runtime;
  }

  variantReady(variant: VariantId): boolean {
    return this.runtimes.get(variant)?.ready ?? false;
  }

  /** Every variant's runtime is ready. */
  get ready(): boolean {
    for (const runtime of this.runtimes.values()) if (!runtime.ready) return false;
    return this.runtimes.size > 0;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  enter(): void {
    this.inFlight += 1;
  }

  exit(): void {
    this.inFlight -= 1;
    if (this.retired && this.inFlight === 0) this.release();
  }

  /** No new requests will come; the runtimes are let go once the last one in flight is done. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    for (const lease of this.leases.values()) lease.release();
  }
}
