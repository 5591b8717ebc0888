import { nativeRoutes as r } from '@slipway/core';
import type { RouteBody, RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/** The verdict per column and for the data set (Evidently's tests and defaults). */
export type DriftReport = RouteResponse<typeof r.computeDrift>;
export type ColumnDriftResult = DriftReport['columns'][number];
/** Column name -> values; null (or NaN) for a missing value. */
export type ColumnData = RouteBody<typeof r.computeDrift>['reference'];
export type DriftRequestOptions = NonNullable<RouteBody<typeof r.computeDrift>['options']>;

/**
 * Data drift between a reference data set (say, the training data) and a current one, computed
 * by the server with Evidently's stat tests, thresholds and automatic test selection.
 *
 * @example
 * ```ts
 * const report = await client.drift.compute(
 *   { age: [31, 45, 52], city: ['a', 'b', 'b'] },
 *   { age: [29, 61, 70], city: ['b', 'b', 'c'] },
 *   { stattest: 'ks', perColumn: { city: { stattest: 'chisquare' } } },
 * );
 * if (report.datasetDrift) console.log(report.columns.filter((c) => c.driftDetected));
 * ```
 */
export class DriftApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Compares `current` with `reference`, column by column. Drift is a finding, not an error:
   * the promise resolves either way. With `distributions: true`, each column also carries its
   * reference and current shares per bin or category, ready to chart.
   *
   * @example
   * ```ts
   * const { columns } = await client.drift.compute(ref, cur, {}, { distributions: true });
   * ```
   */
  async compute(
    reference: ColumnData,
    current: ColumnData,
    options: DriftRequestOptions = {},
    extra: { distributions?: boolean } = {},
  ): Promise<DriftReport> {
    return this.transport.call(r.computeDrift, {
      body: { reference, current, options, ...extra },
    });
  }
}
