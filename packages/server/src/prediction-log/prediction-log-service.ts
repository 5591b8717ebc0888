import type { Readable } from 'node:stream';
import { invalidArgument } from '@slipway/core';
import type {
  Caller,
  JsonValue,
  PredictionExportOptions,
  PredictionLogStore,
  RetentionResult,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import type { ServiceClock } from '../support/clock.js';
import { predictionExportStream } from './export/export-predictions.js';
import type { PredictionEvent } from './prediction-event.js';
import type { PredictionLogStats } from './prediction-log-stats.js';
import type { PredictionLogger } from './prediction-logger.js';

const DAY_MS = 86_400_000;

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
