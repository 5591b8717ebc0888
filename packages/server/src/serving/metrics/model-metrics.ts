import type { Counter, Gauge, Histogram } from 'prom-client';

type CounterChild = ReturnType<Counter<string>['labels']>;
type GaugeChild = ReturnType<Gauge<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

/** The metrics a ModelMetrics handle writes to, shared by every handle. */
export interface ModelMetricFamilies {
  requests: Counter<'deployment' | 'model_version' | 'protocol' | 'status'>;
  latency: Histogram<'deployment' | 'model_version'>;
  batchSize: Histogram<'deployment' | 'model_version'>;
  queueDepth: Gauge<'deployment' | 'model_version'>;
}

/**
 * The serving metrics of one (deployment, model version), kept by the caller next to the loaded
 * model so the request path only touches cached prom-client children: no label objects are built
 * per call, and the (protocol, status) counters are found through two Map lookups.
 */
export class ModelMetrics {
  private readonly latency: HistogramChild;
  private readonly batchSize: HistogramChild;
  private readonly queueDepth: GaugeChild;
  private readonly requests = new Map<string, Map<string, CounterChild>>();

  constructor(
    private readonly families: ModelMetricFamilies,
    readonly deployment: string,
    readonly modelVersion: string,
  ) {
    this.latency = families.latency.labels(deployment, modelVersion);
    this.batchSize = families.batchSize.labels(deployment, modelVersion);
    this.queueDepth = families.queueDepth.labels(deployment, modelVersion);
  }

  /**
   * One finished request. `protocol`: `rest`, `grpc`, `mlflow` or `stream`; `status`: `ok` or the
   * lower-cased error code (`invalid_argument`, `unavailable`, `internal`, ...). Both must come from
   * small fixed sets: every distinct value is a time series.
   */
  recordRequest(protocol: string, status: string, seconds: number): void {
    let byStatus = this.requests.get(protocol);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.requests.set(protocol, byStatus);
    }
    let counter = byStatus.get(status);
    if (counter === undefined) {
      counter = this.families.requests.labels(this.deployment, this.modelVersion, protocol, status);
      byStatus.set(status, counter);
    }
    counter.inc();
    this.latency.observe(seconds);
  }

  /** Rows in one executed (dynamically batched) inference. */
  observeBatchSize(rows: number): void {
    this.batchSize.observe(rows);
  }

  /** Requests waiting for this model (batcher queue or worker pool backlog). */
  setQueueDepth(depth: number): void {
    this.queueDepth.set(depth);
  }

  /** Removes every series of this handle (the deployment or version went away). */
  remove(): void {
    const { deployment, modelVersion } = this;
    for (const [protocol, byStatus] of this.requests) {
      for (const status of byStatus.keys()) {
        this.families.requests.remove(deployment, modelVersion, protocol, status);
      }
    }
    this.requests.clear();
    this.families.latency.remove(deployment, modelVersion);
    this.families.batchSize.remove(deployment, modelVersion);
    this.families.queueDepth.remove(deployment, modelVersion);
  }
}
