import { nativeRoutes as r } from '@slipway/core';
import type {
  DeploymentEventView,
  DeploymentSpecInput,
  DeploymentStats,
  DeploymentView,
  LoggedPredictionView,
  NativeRoutes,
  PredictionExportFormat,
  RouteResponse,
} from '@slipway/core';
import type { PageOptions } from './runs-api.js';
import { streamDeploymentStats } from './stats-stream.js';
import type { Transport } from './transport.js';

export interface ApplyDeploymentResult {
  deployment: DeploymentView;
  /** True when the deployment did not exist before. */
  created: boolean;
  /** False when the spec and the versions it resolves to were already in place. */
  changed: boolean;
}

export interface DeploymentFeedbackResult {
  requestId: string;
  /** The variant that served the request and received the reward. */
  variant: string;
  pulls: number;
  meanReward: number | null;
}

export interface ExportPredictionsOptions {
  format: PredictionExportFormat;
  /** Inclusive lower bound on prediction time, ms since the Unix epoch. */
  from?: number | undefined;
  /** Exclusive upper bound on prediction time, ms since the Unix epoch. */
  to?: number | undefined;
  /** Only predictions served by this model version. */
  version?: string | undefined;
  /** Only predictions served by this registered model (with `version`: that version). */
  model?: string | undefined;
}

export interface SearchPredictionsOptions {
  /** Only predictions served by this model version. */
  version?: string | undefined;
  /** Only predictions served by this registered model (with `version`: that version). */
  model?: string | undefined;
  /** Inclusive lower bound on prediction time, ms since the Unix epoch. */
  from?: number | undefined;
  /** Exclusive upper bound on prediction time, ms since the Unix epoch. */
  to?: number | undefined;
  /** Predictions per page (default 50, at most 1,000). */
  maxResults?: number | undefined;
  /** `nextPageToken` of the previous page. */
  pageToken?: string | undefined;
}

export interface GroundTruthLabel {
  requestId: string;
  label: unknown;
}

/** The analysis as the server returns it (core's DeploymentAnalysis). */
export type DeploymentAnalysis = RouteResponse<NativeRoutes['getDeploymentAnalysis']>;

export interface AnalyzeDeploymentOptions {
  /** correct (default): prediction equals ground truth; error: absolute error; reward: bandit rewards. */
  outcome?: 'correct' | 'error' | 'reward' | undefined;
  /** The control arm: a variant id, a model version or model/version (default the first variant). */
  control?: string | undefined;
  /** Minimum detectable effect, absolute (default 0.02 for correct). */
  mde?: number | undefined;
  /** Power of the sample-size rule (default 0.8). */
  power?: number | undefined;
  /** Two-sided significance level (default 0.05). */
  alpha?: number | undefined;
  /** Inclusive lower bound on prediction time, ms since the Unix epoch. */
  from?: number | undefined;
  /** Exclusive upper bound on prediction time, ms since the Unix epoch. */
  to?: number | undefined;
}

export interface StreamStatsOptions {
  /** Aborting ends the iteration (without an error) and closes the connection. */
  signal?: AbortSignal | undefined;
}

/**
 * Deployments: named inference endpoints whose traffic policy (single, canary, blue-green, shadow,
 * A/B, bandit) points at registry versions. Inference itself goes through the Open Inference
 * Protocol at `/v2/models/<deployment>/infer`.
 *
 * @example
 * ```ts
 * await client.deployments.apply({
 *   name: 'fraud',
 *   policy: { type: 'canary', stable: 'models:/fraud@champion', candidate: 'models:/fraud/7',
 *             steps: [10, 50, 100], interval: '30s', analysis: { maxErrorRate: 0.01 } },
 * });
 * const fraud = await client.deployments.get('fraud');
 * console.log(fraud.canary?.phase, fraud.canary?.weight);
 * ```
 */
export class DeploymentsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates or updates a deployment. Takes the spec as an object, or as YAML / JSON text (sent as
   * is, so the server reports errors with line numbers).
   *
   * @example
   * ```ts
   * const { deployment, created } = await client.deployments.apply(
   *   { name: 'fraud', policy: { type: 'single', model: 'models:/fraud@champion' } },
   * );
   * await client.deployments.apply(readFileSync('fraud.yaml', 'utf8'));
   * ```
   */
  async apply(spec: DeploymentSpecInput | string): Promise<ApplyDeploymentResult> {
    if (typeof spec === 'string') {
      return this.transport.call(r.applyDeployment, {
        rawBody: { text: spec, contentType: 'application/yaml' },
      });
    }
    return this.transport.call(r.applyDeployment, { body: spec });
  }

  /**
   * A deployment: spec, resolved versions, live state (canary phase and weight, live blue-green
   * slot, bandit arms, shadow agreement), per-variant statistics and recent events.
   *
   * @example
   * ```ts
   * const d = await client.deployments.get('fraud');
   * ```
   */
  async get(name: string): Promise<DeploymentView> {
    return (await this.transport.call(r.getDeployment, { params: { name } })).deployment;
  }

  /**
   * Every deployment.
   *
   * @example
   * ```ts
   * for (const d of await client.deployments.list()) console.log(d.name, d.policy, d.status);
   * ```
   */
  async list(): Promise<DeploymentView[]> {
    return (await this.transport.call(r.listDeployments)).deployments;
  }

  /**
   * Deletes a deployment; its models unload once its requests in flight finish.
   *
   * @example
   * ```ts
   * await client.deployments.delete('fraud');
   * ```
   */
  async delete(name: string): Promise<void> {
    await this.transport.call(r.deleteDeployment, { params: { name } });
  }

  /**
   * Canary: all traffic to the candidate now. Blue-green: the preview goes live.
   *
   * @example
   * ```ts
   * await client.deployments.promote('fraud');
   * ```
   */
  async promote(name: string): Promise<DeploymentView> {
    return (await this.transport.call(r.promoteDeployment, { params: { name } })).deployment;
  }

  /**
   * Canary: all traffic back to the stable version. Blue-green: undo the last switch.
   *
   * @example
   * ```ts
   * await client.deployments.rollback('fraud');
   * ```
   */
  async rollback(name: string): Promise<DeploymentView> {
    return (await this.transport.call(r.rollbackDeployment, { params: { name } })).deployment;
  }

  /**
   * Rewards the bandit variant that served a request (the `id` of its inference response).
   *
   * @example
   * ```ts
   * await client.deployments.feedback('recs', { requestId: response.id, reward: 1 });
   * ```
   */
  async feedback(
    name: string,
    feedback: { requestId: string; reward: number },
  ): Promise<DeploymentFeedbackResult> {
    return this.transport.call(r.postDeploymentFeedback, { params: { name }, body: feedback });
  }

  /**
   * Attaches true labels to logged predictions, by request id.
   *
   * @example
   * ```ts
   * await client.deployments.groundTruth('fraud', [{ requestId: 'r-1', label: 1 }]);
   * ```
   */
  async groundTruth(
    name: string,
    labels: GroundTruthLabel | GroundTruthLabel[],
  ): Promise<{ accepted: number }> {
    return this.transport.call(r.postDeploymentGroundTruth, { params: { name }, body: labels });
  }

  /**
   * A/B analysis: per version, its outcome (accuracy or mean absolute error from ground truth,
   * or the bandit's mean reward), and against the control the difference with its confidence
   * interval and p-value (two-proportion z-test for rates, Welch for means), the rows per arm
   * still needed for the minimum detectable effect, a verdict (`winner`, `no_difference_yet`,
   * `stop`) and what to do next. Needs READ on the deployment.
   *
   * @example
   * ```ts
   * const analysis = await client.deployments.analyze('fraud', { outcome: 'correct', mde: 0.02 });
   * for (const arm of analysis.arms) console.log(arm.id, arm.value, arm.comparison?.verdict);
   * console.log(analysis.recommendation);
   * ```
   */
  async analyze(name: string, options: AnalyzeDeploymentOptions = {}): Promise<DeploymentAnalysis> {
    return this.transport.call(r.getDeploymentAnalysis, {
      params: { name },
      query: { ...options },
    });
  }

  /**
   * The changes of a deployment with their reasons, oldest first.
   *
   * @example
   * ```ts
   * const { events } = await client.deployments.events('fraud');
   * ```
   */
  async events(
    name: string,
    options: PageOptions = {},
  ): Promise<{ events: DeploymentEventView[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listDeploymentEvents, {
      params: { name },
      query: { ...options },
    });
  }

  /**
   * Live statistics over the last minute, as the server answering saw them (with several servers,
   * its share): per version the traffic share, requests per second, p50/p95/p99 latency, errors
   * and error rate; the same overall; shadow agreement, bandit arms or canary phase and analysis.
   *
   * @example
   * ```ts
   * const stats = await client.deployments.stats('fraud');
   * for (const v of stats.versions) console.log(v.model.version, v.rps, v.p95LatencyMs, v.errorRate);
   * ```
   */
  async stats(name: string): Promise<DeploymentStats> {
    return this.transport.call(r.getDeploymentStats, { params: { name } });
  }

  /**
   * The same statistics pushed by the server once a second (server-sent events read with fetch,
   * so the credentials go in the Authorization header, in Node and in browsers alike). Ends when
   * `signal` aborts or the loop stops; throws SlipwayError when the server ends the stream
   * (NOT_FOUND: deleted, PERMISSION_DENIED: READ withdrawn, UNAUTHENTICATED: the token expired or
   * was revoked, UNAVAILABLE: shutting down or the connection dropped, so reconnect).
   *
   * @example
   * ```ts
   * const controller = new AbortController(); // abort() when the page goes away
   * for await (const stats of client.deployments.streamStats('fraud', { signal: controller.signal })) {
   *   chart.push(stats.time, stats.overall.rps, stats.overall.p99LatencyMs);
   *   if (stats.canary?.phase === 'promoted') controller.abort();
   * }
   * ```
   */
  streamStats(
    name: string,
    options: StreamStatsOptions = {},
  ): AsyncGenerator<DeploymentStats, void, undefined> {
    return streamDeploymentStats(this.transport, name, options.signal);
  }

  /**
   * One page of the logged predictions of a deployment, newest first: inputs, outputs, the
   * version that served each, latency, status and ground truth. Pass `nextPageToken` back for
   * older ones; for whole files use exportPredictions.
   *
   * @example
   * ```ts
   * const { predictions, nextPageToken } = await client.deployments.predictions('fraud', {
   *   version: '7',
   *   from: Date.now() - 3_600_000,
   *   maxResults: 100,
   * });
   * for (const p of predictions) console.log(p.requestId, p.modelVersion, p.latencyMs, p.status);
   * ```
   */
  async predictions(
    name: string,
    options: SearchPredictionsOptions = {},
  ): Promise<{ predictions: LoggedPredictionView[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.searchPredictions, {
      params: { name },
      query: { ...options },
    });
  }

  /**
   * The logged predictions of a deployment (with ground truth where attached) as a CSV, Parquet
   * or JSON Lines byte stream, oldest first. Streamed, so exports larger than memory work.
   *
   * @example
   * ```ts
   * import { createWriteStream } from 'node:fs';
   * import { Readable } from 'node:stream';
   * import { pipeline } from 'node:stream/promises';
   *
   * const stream = await client.deployments.exportPredictions('fraud', {
   *   format: 'parquet',
   *   from: Date.now() - 86_400_000,
   *   version: '7', // only what version 7 served
   * });
   * await pipeline(Readable.fromWeb(stream), createWriteStream('fraud.parquet'));
   * ```
   */
  async exportPredictions(
    name: string,
    options: ExportPredictionsOptions,
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.transport.download(
      r.exportPredictions,
      { name },
      {
        format: options.format,
        from: options.from,
        to: options.to,
        version: options.version,
        model: options.model,
      },
    );
    if (!response.body) return new Blob([]).stream();
    return response.body;
  }
}
