import { isSlipwayError } from '@slipway/core';
import type { Experiment, Tag } from '@slipway/core';
import { ActiveRun } from './active-run.js';
import type { ActiveRunOptions } from './active-run.js';
import { ArtifactsApi } from './artifacts-api.js';
import { AuditApi } from './audit-api.js';
import { DriftApi } from './drift-api.js';
import { AuthApi } from './auth-api.js';
import { DeploymentsApi } from './deployments-api.js';
import { ExperimentsApi } from './experiments-api.js';
import { ModelsApi } from './models-api.js';
import { MonitorsApi } from './monitors-api.js';
import { RetrainingTriggersApi } from './retraining-triggers-api.js';
import { PermissionsApi } from './permissions-api.js';
import { RunsApi } from './runs-api.js';
import { TokensApi } from './tokens-api.js';
import { Transport } from './transport.js';
import { UsersApi } from './users-api.js';
import { ValidationApi } from './validation-api.js';
import { MlflowTransport } from './mlflow-transport.js';
import { WebhooksApi } from './webhooks-api.js';
import { DatasetsApi } from './datasets-api.js';
import { PipelinesApi } from './pipelines-api.js';
import { LineageApi } from './lineage-api.js';

export interface SlipwayClientOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:5050`. */
  baseUrl: string;
  /**
   * An API token (`slw_...`), sent as `Authorization: Bearer <token>`. Give a token or a
   * username and password, not both (INVALID_ARGUMENT).
   */
  token?: string | undefined;
  /** Sent with `password` as HTTP Basic auth, as MLflow clients do. */
  username?: string | undefined;
  password?: string | undefined;
  /** A fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch | undefined;
}

export interface StartRunOptions extends ActiveRunOptions {
  /** The experiment to log to; the Default experiment when neither this nor a name is given. */
  experimentId?: string;
  /** The experiment by name, created if it does not exist yet. */
  experimentName?: string;
  runName?: string;
  tags?: Tag[];
}

/**
 * Typed client for the Slipway native REST API (Node 20+ and browsers). Failures throw
 * `SlipwayError` with the server's code, message and details.
 *
 * @example
 * ```ts
 * import { SlipwayClient } from '@slipway/sdk';
 *
 * const client = new SlipwayClient({
 *   baseUrl: 'http://127.0.0.1:5050',
 *   token: process.env.SLIPWAY_TOKEN, // or username and password, on a server with auth on
 * });
 * await client.withRun({ experimentName: 'fraud' }, async (run) => {
 *   await run.logParams({ lr: 0.01 });
 *   for (let step = 0; step < 100; step++) run.logMetric('loss', Math.exp(-step / 10), { step });
 * });
 * ```
 */
export class SlipwayClient {
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly models: ModelsApi;
  readonly deployments: DeploymentsApi;
  readonly auth: AuthApi;
  readonly users: UsersApi;
  readonly tokens: TokensApi;
  readonly permissions: PermissionsApi;
  readonly audit: AuditApi;
  readonly drift: DriftApi;
  /** Data sets checked against expectation suites (Great Expectations' names). */
  readonly validation: ValidationApi;
  /** Monitors of deployments: scheduled drift, validation and performance checks, with history. */
  readonly monitors: MonitorsApi;
  /** Retraining triggers recorded by monitor alerts, for pipelines to claim. */
  readonly retrainingTriggers: RetrainingTriggersApi;
  /** Webhooks of registry events (MLflow 3's webhooks API) and their delivery log; admins only. */
  readonly webhooks: WebhooksApi;
  /** Versioned datasets: content-addressed files, immutable versions, links to runs. */
  readonly datasets: DatasetsApi;
  /** Pipeline runs: steps and their transitions, outputs by content, cache lookups, logs. */
  readonly pipelines: PipelinesApi;
  /** Lineage: datasets -> runs and pipeline steps -> model versions -> deployments. */
  readonly lineage: LineageApi;
  readonly baseUrl: string;

  constructor(options: SlipwayClientOptions) {
    const transport = new Transport(options);
    this.baseUrl = transport.baseUrl;
    this.experiments = new ExperimentsApi(transport);
    this.runs = new RunsApi(transport);
    this.artifacts = new ArtifactsApi(transport);
    this.models = new ModelsApi(transport);
    this.deployments = new DeploymentsApi(transport);
    this.auth = new AuthApi(transport);
    this.users = new UsersApi(transport);
    this.tokens = new TokensApi(transport);
    this.permissions = new PermissionsApi(transport);
    this.audit = new AuditApi(transport);
    this.drift = new DriftApi(transport);
    this.validation = new ValidationApi(transport);
    this.monitors = new MonitorsApi(transport);
    this.retrainingTriggers = new RetrainingTriggersApi(transport);
    this.webhooks = new WebhooksApi(transport, new MlflowTransport(options));
    this.datasets = new DatasetsApi(transport);
    this.pipelines = new PipelinesApi(transport);
    this.lineage = new LineageApi(transport);
  }

  /**
   * Starts a run and returns an ActiveRun that buffers metrics; call `end()` when done (or use
   * `withRun`, which always ends the run).
   *
   * @example
   * ```ts
   * const run = await client.startRun({ experimentName: 'fraud', runName: 'lr-0.01' });
   * run.logMetric('acc', 0.93);
   * await run.end();
   * ```
   */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const experimentId =
      options.experimentId ??
      (options.experimentName !== undefined
        ? (await this.experimentNamed(options.experimentName)).experimentId
        : undefined);
    const run = await this.runs.create({
      ...(experimentId !== undefined ? { experimentId } : {}),
      ...(options.runName !== undefined ? { runName: options.runName } : {}),
      ...(options.tags !== undefined ? { tags: options.tags } : {}),
    });
    return new ActiveRun(run, this.runs, this.artifacts, options);
  }

  /**
   * Runs `fn` inside a run: ends it FINISHED when `fn` resolves, FAILED when it throws (and
   * rethrows). Returns what `fn` returns.
   *
   * @example
   * ```ts
   * const score = await client.withRun({ experimentName: 'fraud' }, async (run) => {
   *   run.logMetric('auc', 0.97);
   *   return 0.97;
   * });
   * ```
   */
  async withRun<T>(options: StartRunOptions, fn: (run: ActiveRun) => Promise<T> | T): Promise<T> {
    const run = await this.startRun(options);
    let result: T;
    try {
      result = await fn(run);
    } catch (err) {
      // The caller's error matters more than a failure to record the failure.
      await run.end('FAILED').catch(() => undefined);
      throw err;
    }
    await run.end('FINISHED');
    return result;
  }

  private async experimentNamed(name: string): Promise<Experiment> {
    try {
      return await this.experiments.getByName(name);
    } catch (err) {
      if (!isSlipwayError(err) || err.code !== 'NOT_FOUND') throw err;
    }
    try {
      return await this.experiments.create({ name });
    } catch (err) {
      // Another process created it between our two calls.
      if (isSlipwayError(err) && err.code === 'ALREADY_EXISTS') {
        return this.experiments.getByName(name);
      }
      throw err;
    }
  }
}
