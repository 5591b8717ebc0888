import { computeDrift } from '@slipway/core';
import type { Caller, DriftReportView, DriftRequest } from '@slipway/core';
import { driftDistributions } from './drift-distributions.js';

/**
 * Drift between two data sets sent in a request. It reads no stored data, so any signed-in
 * caller may use it; monitors call computeDrift on the prediction log themselves.
 */
export class DriftService {
  compute(_caller: Caller, request: DriftRequest): DriftReportView {
    const report = computeDrift(request.reference, request.current, request.options ?? {});
    if (request.distributions !== true) return report;
    const distributions = driftDistributions(report, request.reference, request.current);
    return {
      ...report,
      columns: report.columns.map((c) => {
        const distribution = distributions.get(c.column);
        return distribution === undefined ? c : { ...c, distribution };
      }),
    };
  }
}
