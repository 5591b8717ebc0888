import type { CanaryPhase } from '@slipway/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PredictionLogStatsSource } from '../../prediction-log/prediction-log-stats.js';
import {
  BATCH_SIZE_BUCKETS,
  LATENCY_BUCKETS_SECONDS,
  MODEL_LOAD_BUCKETS_SECONDS,
} from './metric-buckets.js';
import { ModelMetrics, type ModelMetricFamilies } from './model-metrics.js';
import { MonitorMetrics } from './monitor-metrics.js';
import { registerPredictionLogMetrics } from '../../prediction-log/prediction-log-metrics.js';
import { ShadowMetrics, type ShadowMetricFamilies } from './shadow-metrics.js';

/** Every phase a canary can be in, each a series of `slipway_canary_phase`. */
export const CANARY_PHASES: readonly CanaryPhase[] = [
  'progressing',
  'paused',
  'promoted',
  'rolled-back',
];

const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface ServingMetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event-loop lag, GC). Default false. */
  defaultMetrics?: boolean;
}

interface CanaryChildren {
  weight: ReturnType<Gauge<'deployment'>['labels']>;
  phases: Map<CanaryPhase, ReturnType<Gauge<'deployment' | 'phase'>['labels']>>;
}

/**
 * The Prometheus metrics of model serving, in a registry of their own (never prom-client's global
 * one, so two servers in one process or a test never share series). Everything is named `slipway_*`.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  /** The latest result of each monitor (drift, performance, last run time). */
  readonly monitors = new MonitorMetrics(this.registry);
  private readonly model: ModelMetricFamilies;
  private readonly shadow: ShadowMetricFamilies;
  private readonly modelLoad: Histogram<'model' | 'model_version'>;
  private readonly canaryWeight: Gauge<'deployment'>;
  private readonly canaryPhase: Gauge<'deployment' | 'phase'>;
  private readonly models = new Map<string, Map<string, ModelMetrics>>();
  private readonly shadows = new Map<string, ShadowMetrics>();
  private readonly canaries = new Map<string, CanaryChildren>();
  private readonly logSources: PredictionLogStatsSource[] = [];

  constructor(options: ServingMetricsOptions = {}) {
    const registers = [this.registry];
    const modelLabels = ['deployment', 'model_version'] as const;
    this.model = {
      requests: new Counter({
        name: 'slipway_inference_requests_total',
        help: 'Inference requests by deployment, model version, protocol and status.',
        labelNames: [...modelLabels, 'protocol', 'status'],
        registers,
      }),
      latency: new Histogram({
        name: 'slipway_inference_request_duration_seconds',
        help: 'Inference request latency in seconds, from decoded request to encoded response.',
        labelNames: modelLabels,
        buckets: [...LATENCY_BUCKETS_SECONDS],
        registers,
      }),
      batchSize: new Histogram({
        name: 'slipway_inference_batch_size',
        help: 'Rows per executed inference batch (dynamic batching coalesces requests).',
        labelNames: modelLabels,
        buckets: [...BATCH_SIZE_BUCKETS],
        registers,
      }),
      queueDepth: new Gauge({
        name: 'slipway_inference_queue_depth',
        help: 'Inference requests waiting for a model (batcher queue and worker backlog).',
        labelNames: modelLabels,
        registers,
      }),
    };
    this.modelLoad = new Histogram({
      name: 'slipway_model_load_duration_seconds',
      help: 'Time to load a model version (fetch, session creation, warm-up) in seconds.',
      labelNames: ['model', 'model_version'],
      buckets: [...MODEL_LOAD_BUCKETS_SECONDS],
      registers,
    });
    const perDeployment = { labelNames: ['deployment'] as const, registers };
    this.shadow = {
      comparisons: new Counter({
        name: 'slipway_shadow_comparisons_total',
        help: 'Requests whose shadow challenger output was compared with the primary.',
        ...perDeployment,
      }),
      agreements: new Counter({
        name: 'slipway_shadow_agreements_total',
        help: 'Compared requests where the challenger agreed with the primary.',
        ...perDeployment,
      }),
      absoluteDifference: new Counter({
        name: 'slipway_shadow_absolute_difference_total',
        help: 'Sum over compared requests of the mean absolute output difference.',
        ...perDeployment,
      }),
      errors: new Counter({
        name: 'slipway_shadow_errors_total',
        help: 'Mirrored requests the shadow challenger failed.',
        ...perDeployment,
      }),
      agreementRatio: new Gauge({
        name: 'slipway_shadow_agreement_ratio',
        help: 'Share of compared requests where the challenger agreed with the primary (0..1).',
        ...perDeployment,
      }),
      meanAbsoluteDifference: new Gauge({
        name: 'slipway_shadow_mean_absolute_difference',
        help: 'Mean absolute difference between challenger and primary outputs.',
        ...perDeployment,
      }),
    };
    this.canaryWeight = new Gauge({
      name: 'slipway_canary_weight_percent',
      help: 'Percent of traffic the canary candidate receives.',
      ...perDeployment,
    });
    this.canaryPhase = new Gauge({
      name: 'slipway_canary_phase',
      help: 'Canary phase: 1 for the current phase, 0 for the others.',
      labelNames: ['deployment', 'phase'],
      registers,
    });
    registerPredictionLogMetrics(this.registry, this.logSources);
    if (options.defaultMetrics === true) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges that prom-client names *_total, which Prometheus reserves for counters: promtool
      // rejects them and rate() on them would be wrong, so they are left out.
      for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition for `GET /metrics`. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }

  /** The cached handle of one (deployment, model version); keep it with the loaded model. */
  forModel(deployment: string, modelVersion: string): ModelMetrics {
    let versions = this.models.get(deployment);
    if (versions === undefined) {
      versions = new Map();
      this.models.set(deployment, versions);
    }
    let handle = versions.get(modelVersion);
    if (handle === undefined) {
      handle = new ModelMetrics(this.model, deployment, modelVersion);
      versions.set(modelVersion, handle);
    }
    return handle;
  }

  /** `forModel(deployment, modelVersion).recordRequest(...)`, for callers without a handle. */
  recordRequest(
    deployment: string,
    modelVersion: string,
    protocol: string,
    status: string,
    seconds: number,
  ): void {
    this.forModel(deployment, modelVersion).recordRequest(protocol, status, seconds);
  }

  observeModelLoad(model: string, modelVersion: string, seconds: number): void {
    this.modelLoad.labels(model, modelVersion).observe(seconds);
  }

  forShadow(deployment: string): ShadowMetrics {
    let handle = this.shadows.get(deployment);
    if (handle === undefined) {
      handle = new ShadowMetrics(this.shadow, deployment);
      this.shadows.set(deployment, handle);
    }
    return handle;
  }

  /** One shadow comparison: did the outputs agree, and their mean absolute difference. */
  recordShadowComparison(deployment: string, agreed: boolean, absoluteDifference: number): void {
    this.forShadow(deployment).record(agreed, absoluteDifference);
  }

  recordShadowError(deployment: string): void {
    this.forShadow(deployment).recordError();
  }

  /** The canary's current weight (percent to the candidate) and phase. */
  setCanaryState(deployment: string, state: { weight: number; phase: CanaryPhase }): void {
    let children = this.canaries.get(deployment);
    if (children === undefined) {
      children = {
        weight: this.canaryWeight.labels(deployment),
        phases: new Map(CANARY_PHASES.map((p) => [p, this.canaryPhase.labels(deployment, p)])),
      };
      this.canaries.set(deployment, children);
    }
    children.weight.set(state.weight);
    for (const [phase, gauge] of children.phases) gauge.set(phase === state.phase ? 1 : 0);
  }

  /** Reports a prediction logger's counters at every scrape (summed over all tracked loggers). */
  trackPredictionLog(source: PredictionLogStatsSource): void {
    if (!this.logSources.includes(source)) this.logSources.push(source);
  }

  /** Drops every series of a deleted deployment so it stops being exported. */
  removeDeployment(deployment: string): void {
    for (const handle of this.models.get(deployment)?.values() ?? []) handle.remove();
    this.models.delete(deployment);
    this.shadows.get(deployment)?.remove();
    this.shadows.delete(deployment);
    if (this.canaries.delete(deployment)) {
      this.canaryWeight.remove(deployment);
      for (const phase of CANARY_PHASES) this.canaryPhase.remove(deployment, phase);
    }
  }

  /** Drops the series of one model version of a deployment (replaced by a rollout). */
  removeModelVersion(deployment: string, modelVersion: string): void {
    const versions = this.models.get(deployment);
    versions?.get(modelVersion)?.remove();
    versions?.delete(modelVersion);
  }
}
