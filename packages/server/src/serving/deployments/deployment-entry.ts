import { RollingStats, deploymentVariants } from '@slipway/core';
import type { DeploymentRecord, DeploymentSpec, VariantId } from '@slipway/core';
import type { ModelMetadata } from '../runtime/model-runtime.js';
import { systemClock } from '../../support/clock.js';
import type { ServiceClock } from '../../support/clock.js';
import { DeploymentTraffic } from './deployment-traffic.js';
import type { LiveDeployment } from './live-deployment.js';
import { ServedRequests } from './served-requests.js';

export type DeploymentStatus = 'loading' | 'ready' | 'failed' | 'unloaded';

export interface ShadowCounters {
  mirrored: number;
  completed: number;
  errors: number;
  dropped: number;
  comparedRows: number;
  agreedRows: number;
  elements: number;
  absDiffSum: number;
}

/** Live statistics span this long for policies without a canary interval. */
const DEFAULT_STATS_WINDOW_MS = 60_000;
const STATS_BUCKETS = 60;

/**
 * Everything this server holds for one deployment: the persisted record, the generation serving
 * now (absent while loading, after a failed load or an unload) and the counters the request path
 * feeds. The request path reads `live` once per request and never waits on anything here.
 */
export class DeploymentEntry {
  live: LiveDeployment | undefined;
  status: DeploymentStatus = 'loading';
  statusMessage: string | undefined;
  /** The primary variant's model metadata, kept after an unload so metadata still answers. */
  metadata: ModelMetadata | undefined;
  stats = new Map<VariantId, RollingStats>();
  /** The live statistics of GET .../stats: the last minute per variant, whatever the policy. */
  readonly traffic = new DeploymentTraffic();
  shadow: ShadowCounters = emptyShadowCounters();
  /** Mirrored requests not finished yet (bounded, so a slow challenger cannot pile them up). */
  shadowInFlight = 0;
  /** Which variant served each recent request id: bandits only. */
  served: ServedRequests | undefined;
  /** The latest canary analysis verdict (or why there was none). */
  canaryStatus: string | undefined;

  constructor(
    public record: DeploymentRecord,
    private readonly servedCapacity: number,
    private readonly clock: ServiceClock = systemClock,
  ) {
    this.resetCounters();
  }

  get name(): string {
    return this.record.name;
  }

  /** Fresh statistics for the record's variants; called when the spec or versions change. */
  resetCounters(): void {
    const spec = this.record.spec;
    const windowMs = statsWindowMs(spec);
    const bucketMs = Math.max(1, Math.ceil(windowMs / STATS_BUCKETS));
    this.stats = new Map(
      deploymentVariants(spec.policy).map((variant) => [
        variant.id,
        new RollingStats({ windowMs, bucketMs }),
      ]),
    );
    this.shadow = emptyShadowCounters();
    this.traffic.follow(this.record, this.clock.now());
    // A bandit keeps the requests it served, so feedback still counts across a spec change.
    this.served =
      spec.policy.type === 'bandit'
        ? (this.served ?? new ServedRequests(this.servedCapacity))
        : undefined;
  }
}

/**
 * A canary's statistics reach back two intervals, so a step held for want of requests is judged on
 * the traffic of its whole (longer) step rather than only its latest interval.
 */
export function statsWindowMs(spec: DeploymentSpec): number {
  return spec.policy.type === 'canary' ? 2 * spec.policy.interval : DEFAULT_STATS_WINDOW_MS;
}

function emptyShadowCounters(): ShadowCounters {
  return {
    mirrored: 0,
    completed: 0,
    errors: 0,
    dropped: 0,
    comparedRows: 0,
    agreedRows: 0,
    elements: 0,
    absDiffSum: 0,
  };
}
