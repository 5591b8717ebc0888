import type { Readable } from 'node:stream';
import {
  DEFAULT_PREDICTION_SEARCH_RESULTS,
  decodePredictionCursor,
  invalidArgument,
} from '@slipway/core';
import type {
  Caller,
  JsonValue,
  LabeledPrediction,
  PredictionExportOptions,
  PredictionLogStore,
  RetentionResult,
  SearchPredictionsQuery,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import type { ServiceClock } from '../support/clock.js';
import { predictionExportStream } from './export/export-predictions.js';
import type { PredictionEvent } from './prediction-event.js';
import type { PredictionLogStats } from './prediction-log-stats.js';
import type { PredictionLogger } from './prediction-logger.js';
import { readPredictionWindow } from './prediction-window.js';
import type { PredictionWindow, WindowRows } from './prediction-window.js';

const DAY_MS = 86_400_000;

/** The store's cursor is the API's page token; its complaint would name the store's field. */
function checkPageToken(token: string): void {
  try {
    decodePredictionCursor(token);
  } catch {
    throw invalidArgument(
      `Invalid pageToken "${token.slice(0, 40)}": pass the nextPageToken of the previous page unchanged.`,
    );
  }
}

export interface GroundTruthLabel {
  requestId: string;
  label: unknown;
}

/**
 * The prediction log as a module of its own: serving writes predictions through `record` (the
 * bounded asynchronous logger; never awaited on the request path), ground truth arrives by
 * request id, and exports (and, next, monitoring) read it back. Reads are authorised on the
 * deployment the predictions belong to.
 */
export class PredictionLogService {
  constructor(
    private readonly store: PredictionLogStore,
    private readonly logger: PredictionLogger,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
  ) {}

  /** Hands one prediction to the logger, kept with probability `sampleRate`. */
  record(event: PredictionEvent, sampleRate: number): void {
    this.logger.log(event, sampleRate);
  }

  /**
   * Labels joined to logged predictions by request id, stamped with their arrival time. The
   * caller has been authorised on the deployment by the deployment service.
   */
  async attachGroundTruth(
    deployment: string,
    labels: readonly GroundTruthLabel[],
  ): Promise<{ accepted: number }> {
    if (labels.length === 0) throw invalidArgument('No labels given.');
    const time = this.clock.now();
    await this.store.attachGroundTruth(
      labels.map((item) => ({
        deployment,
        requestId: item.requestId,
        label: item.label as JsonValue,
        time,
      })),
    );
    return { accepted: labels.length };
  }

  /** A deployment's predictions (with ground truth) as CSV, Parquet or JSONL; needs READ on it. */
  async export(
    caller: Caller,
    deployment: string,
    options: PredictionExportOptions,
  ): Promise<Readable> {
    await this.access.require(caller, 'deployment', deployment, 'read');
    return predictionExportStream(this.store, deployment, options);
  }

  /**
   * One page of a deployment's predictions with their ground truth, newest first, for the
   * prediction browser; needs READ on the deployment.
   */
  async search(
    caller: Caller,
    deployment: string,
    query: SearchPredictionsQuery,
  ): Promise<{ predictions: LabeledPrediction[]; nextPageToken?: string }> {
    await this.access.require(caller, 'deployment', deployment, 'read');
    if (query.pageToken !== undefined) checkPageToken(query.pageToken);
    const page = await this.store.join({
      deployment,
      limit: query.maxResults ?? DEFAULT_PREDICTION_SEARCH_RESULTS,
      newestFirst: true,
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(query.version === undefined ? {} : { modelVersion: query.version }),
      ...(query.model === undefined ? {} : { modelName: query.model }),
      ...(query.pageToken === undefined ? {} : { cursor: query.pageToken }),
    });
    return {
      predictions: page.items,
      ...(page.nextCursor === undefined ? {} : { nextPageToken: page.nextCursor }),
    };
  }

  /**
   * A deployment's successful predictions over a window, oldest first, with their ground truth:
   * what a monitor judges. Unchecked: the monitor service authorised the monitor when it was
   * applied, and scheduled runs have no caller.
   */
  async readWindow(deployment: string, window: PredictionWindow): Promise<WindowRows> {
    return readPredictionWindow(this.store, deployment, window);
  }

  /** Deletes predictions and ground truth older than `days` days (the retention job). */
  async deleteOlderThanDays(days: number): Promise<RetentionResult & { cutoff: number }> {
    if (!Number.isFinite(days) || days <= 0) {
      throw invalidArgument(`Prediction retention must be a positive number of days, got ${days}.`);
    }
    const cutoff = this.clock.now() - days * DAY_MS;
    return { ...(await this.store.deleteOlderThan(cutoff)), cutoff };
  }

  stats(): PredictionLogStats {
    return this.logger.stats();
  }

  /** Writes what the logger still holds. */
  async close(): Promise<void> {
    await this.logger.close();
  }
}
