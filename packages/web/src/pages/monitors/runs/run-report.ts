/** `/api/v1/monitors/<name>/runs/<id>/report`: a stored run's HTML report, for a plain link. */
export function runReportUrl(monitor: string, runId: string): string {
  return `/api/v1/monitors/${encodeURIComponent(monitor)}/runs/${encodeURIComponent(runId)}/report`;
}
