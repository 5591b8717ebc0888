import { parseExposition } from '../../serving-metrics/exposition.js';
import { as, jsPredictor } from './deployment-harness.js';
import type { DeploymentHarness } from './deployment-harness.js';

/**
 * A predictor whose answers tell it apart: `offset + (first feature) / 100` per row. The second
 * feature of the first row is a delay in milliseconds, so a test spreads latencies as it likes;
 * a first feature of -1 makes it throw (a server-side failure: INTERNAL, 500).
 */
export const statsPredictor = (offset: number) =>
  jsPredictor(`export async function predict([x]) {
  const [rows, columns] = x.shape;
  if (x.data[0] === -1) throw new Error('failure forced by the test');
  if (x.data[1] > 0) await new Promise((resolve) => setTimeout(resolve, x.data[1]));
  const data = new Float32Array(rows);
  for (let row = 0; row < rows; row += 1) data[row] = ${offset} + x.data[row * columns] / 100;
  return [{ name: 'probability', datatype: 'FP32', shape: [rows, 1], data }];
}`);

/** One input row for statsPredictor: its answer key and the delay it waits. */
export function statsRow(feature: number, delayMs = 0): number[] {
  const row = new Array<number>(30).fill(0);
  row[0] = feature;
  row[1] = delayMs;
  return row;
}

/** Exact nearest-rank quantile (rank ceil(q * n)) of sorted values. */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1] as number;
}

/** The latency of every logged prediction of a deployment, by model version. */
export async function loggedLatencies(
  h: DeploymentHarness,
  deployment: string,
): Promise<Map<string, number[]>> {
  await h.platform.predictionLogger.flush();
  const response = await fetch(
    `${h.baseUrl}/api/v1/deployments/${deployment}/predictions?format=jsonl`,
    { headers: as('admin') },
  );
  if (response.status !== 200) throw new Error(`export failed: ${await response.text()}`);
  const byVersion = new Map<string, number[]>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '') continue;
    const row = JSON.parse(line) as { model_version: string; latency_ms: number };
    const list = byVersion.get(row.model_version) ?? [];
    list.push(row.latency_ms);
    byVersion.set(row.model_version, list);
  }
  return byVersion;
}

/** `slipway_inference_requests_total` of a deployment, summed over protocols: version -> status -> count. */
export async function requestCounters(
  h: DeploymentHarness,
  deployment: string,
): Promise<Map<string, Map<string, number>>> {
  const response = await fetch(`${h.baseUrl}/metrics`, { headers: as('admin') });
  const samples = parseExposition(await response.text());
  const counters = new Map<string, Map<string, number>>();
  for (const [key, value] of samples) {
    if (!key.startsWith('slipway_inference_requests_total{')) continue;
    const labels = Object.fromEntries(
      [...key.matchAll(/(\w+)="([^"]*)"/gu)].map(([, name, text]) => [name, text]),
    );
    if (labels['deployment'] !== deployment) continue;
    const version = labels['model_version'] as string;
    const byStatus = counters.get(version) ?? new Map<string, number>();
    const status = labels['status'] as string;
    byStatus.set(status, (byStatus.get(status) ?? 0) + value);
    counters.set(version, byStatus);
  }
  return counters;
}

/** Statuses of the Prometheus request counter that the statistics count as errors (5xx codes). */
export const SERVER_ERROR_STATUSES = new Set(['internal', 'unavailable']);
