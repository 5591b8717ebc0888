import { describe, expect, it } from 'vitest';
import { ServingMetrics } from '../../src/serving/metrics/serving-metrics.js';
import type { PredictionLogStats } from '../../src/prediction-log/prediction-log-stats.js';
import { PredictionLogger } from '../../src/prediction-log/prediction-logger.js';
import { event } from '../prediction-log/logger-fixtures.js';
import { parseExposition, promtoolCheck, series } from './exposition.js';

const LATENCY_BOUNDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Known observations on every metric family. */
function recordKnownObservations(metrics: ServingMetrics): void {
  const fraud7 = metrics.forModel('fraud', '7');
  fraud7.recordRequest('rest', 'ok', 0.0004);
  fraud7.recordRequest('rest', 'ok', 0.003);
  fraud7.recordRequest('grpc', 'invalid_argument', 0.02);
  metrics.recordRequest('fraud', '7', 'rest', 'ok', 12);
  metrics.recordRequest('fraud', '6', 'rest', 'ok', 0.001);
  fraud7.observeBatchSize(1);
  fraud7.observeBatchSize(3);
  fraud7.observeBatchSize(32);
  fraud7.setQueueDepth(5);
  metrics.observeModelLoad('fraud-model', '7', 1.5);
  metrics.recordShadowComparison('fraud', true, 0);
  metrics.recordShadowComparison('fraud', false, 0.5);
  metrics.recordShadowComparison('fraud', true, 0.25);
  metrics.recordShadowError('fraud');
  metrics.setCanaryState('fraud', { weight: 50, phase: 'progressing' });
  metrics.setCanaryState('fraud', { weight: 0, phase: 'rolled-back' });
}

const STATS: PredictionLogStats = {
  logged: 120,
  sampledOut: 30,
  dropped: { buffer_full: 4, store_error: 2, invalid: 1, closed: 0 },
  flushedRecords: 110,
  flushedBatches: 3,
  storeErrors: 5,
  depth: 6,
  bufferedBytes: 4096,
  capacity: 1000,
};

describe('ServingMetrics', () => {
  it('passes the real promtool check metrics', async () => {
    const metrics = new ServingMetrics();
    recordKnownObservations(metrics);
    metrics.trackPredictionLog({ stats: () => STATS });
    const text = await metrics.metricsText();
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });

  it('passes promtool with Node process metrics too', async () => {
    const metrics = new ServingMetrics({ defaultMetrics: true });
    recordKnownObservations(metrics);
    const text = await metrics.metricsText();
    expect(text).toContain('process_cpu_seconds_total');
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });

  it('promtool really rejects a malformed exposition', () => {
    const misnamed = '# HELP queue_total Depth.\n# TYPE queue_total gauge\nqueue_total 3\n';
    expect(promtoolCheck(misnamed).status).not.toBe(0);
  });

  it('exposes request counts and the latency histogram with the observed values', async () => {
    const metrics = new ServingMetrics();
    recordKnownObservations(metrics);
    const samples = parseExposition(await metrics.metricsText());
    const labels = { deployment: 'fraud', model_version: '7' };
    const requests = (protocol: string, status: string) =>
      samples.get(series('slipway_inference_requests_total', { ...labels, protocol, status }));
    expect(requests('rest', 'ok')).toBe(3);
    expect(requests('grpc', 'invalid_argument')).toBe(1);
    expect(
      samples.get(
        series('slipway_inference_requests_total', {
          deployment: 'fraud',
          model_version: '6',
          protocol: 'rest',
          status: 'ok',
        }),
      ),
    ).toBe(1);

    // Observations 0.0004, 0.003, 0.02 and 12 seconds, counted by hand per upper bound.
    const expectedBuckets = [1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    LATENCY_BOUNDS.forEach((le, i) => {
      expect(
        samples.get(
          series('slipway_inference_request_duration_seconds_bucket', {
            ...labels,
            le: String(le),
          }),
        ),
        `bucket le=${le}`,
      ).toBe(expectedBuckets[i]);
    });
    expect(
      samples.get(
        series('slipway_inference_request_duration_seconds_bucket', { ...labels, le: '+Inf' }),
      ),
    ).toBe(4);
    expect(
      samples.get(series('slipway_inference_request_duration_seconds_sum', labels)),
    ).toBeCloseTo(12.0234, 10);
    expect(samples.get(series('slipway_inference_request_duration_seconds_count', labels))).toBe(4);
  });

  it('exposes batch sizes, queue depth and model load time', async () => {
    const metrics = new ServingMetrics();
    recordKnownObservations(metrics);
    const samples = parseExposition(await metrics.metricsText());
    const labels = { deployment: 'fraud', model_version: '7' };
    const batch = (le: string) =>
      samples.get(series('slipway_inference_batch_size_bucket', { ...labels, le }));
    // Batches of 1, 3 and 32 rows.
    expect([batch('1'), batch('2'), batch('4'), batch('16'), batch('32'), batch('+Inf')]).toEqual([
      1, 1, 2, 2, 3, 3,
    ]);
    expect(samples.get(series('slipway_inference_batch_size_sum', labels))).toBe(36);
    expect(samples.get(series('slipway_inference_queue_depth', labels))).toBe(5);
    const load = { model: 'fraud-model', model_version: '7' };
    expect(
      samples.get(series('slipway_model_load_duration_seconds_bucket', { ...load, le: '1' })),
    ).toBe(0);
    expect(
      samples.get(series('slipway_model_load_duration_seconds_bucket', { ...load, le: '2.5' })),
    ).toBe(1);
    expect(samples.get(series('slipway_model_load_duration_seconds_sum', load))).toBe(1.5);
  });

  it('exposes shadow agreement and canary state', async () => {
    const metrics = new ServingMetrics();
    recordKnownObservations(metrics);
    const samples = parseExposition(await metrics.metricsText());
    const fraud = { deployment: 'fraud' };
    expect(samples.get(series('slipway_shadow_comparisons_total', fraud))).toBe(3);
    expect(samples.get(series('slipway_shadow_agreements_total', fraud))).toBe(2);
    expect(samples.get(series('slipway_shadow_errors_total', fraud))).toBe(1);
    expect(samples.get(series('slipway_shadow_agreement_ratio', fraud))).toBeCloseTo(2 / 3, 12);
    // Differences 0, 0.5 and 0.25: sum 0.75, mean 0.25.
    expect(samples.get(series('slipway_shadow_absolute_difference_total', fraud))).toBe(0.75);
    expect(samples.get(series('slipway_shadow_mean_absolute_difference', fraud))).toBe(0.25);
    expect(samples.get(series('slipway_canary_weight_percent', fraud))).toBe(0);
    const phase = (p: string) =>
      samples.get(series('slipway_canary_phase', { ...fraud, phase: p }));
    expect([
      phase('progressing'),
      phase('paused'),
      phase('promoted'),
      phase('rolled-back'),
    ]).toEqual([0, 0, 0, 1]);
  });

  it('reads prediction log counters from the logger at scrape time', async () => {
    const metrics = new ServingMetrics();
    metrics.trackPredictionLog({ stats: () => STATS });
    const sink = { append: () => Promise.resolve() };
    const logger = new PredictionLogger({ store: sink, capacity: 2, flushIntervalMs: 60_000 });
    metrics.trackPredictionLog(logger);
    logger.log(event(1));
    logger.log(event(2));
    logger.log(event(3));
    logger.log(event(4), 0);
    const samples = parseExposition(await metrics.metricsText());
    // The fixed source plus the live logger (2 accepted, 1 dropped as full, 1 sampled out).
    expect(samples.get('slipway_prediction_log_logged_total')).toBe(122);
    expect(samples.get('slipway_prediction_log_sampled_out_total')).toBe(31);
    expect(
      samples.get(series('slipway_prediction_log_dropped_total', { reason: 'buffer_full' })),
    ).toBe(5);
    expect(
      samples.get(series('slipway_prediction_log_dropped_total', { reason: 'store_error' })),
    ).toBe(2);
    expect(samples.get(series('slipway_prediction_log_dropped_total', { reason: 'invalid' }))).toBe(
      1,
    );
    expect(samples.get(series('slipway_prediction_log_dropped_total', { reason: 'closed' }))).toBe(
      0,
    );
    expect(samples.get('slipway_prediction_log_buffer_depth')).toBe(8);
    expect(samples.get('slipway_prediction_log_buffer_capacity')).toBe(1002);
    expect(samples.get('slipway_prediction_log_flushed_batches_total')).toBe(3);
    await logger.close();
    const after = parseExposition(await metrics.metricsText());
    expect(after.get('slipway_prediction_log_buffer_depth')).toBe(6);
    expect(after.get('slipway_prediction_log_flushed_records_total')).toBe(112);
    expect(after.get('slipway_prediction_log_flushed_batches_total')).toBe(4);
  });

  it('removes a deleted deployment and keeps registries apart', async () => {
    const metrics = new ServingMetrics();
    recordKnownObservations(metrics);
    metrics.recordRequest('churn', '1', 'rest', 'ok', 0.002);
    const other = new ServingMetrics();
    expect(await other.metricsText()).not.toContain('deployment="fraud"');

    metrics.removeModelVersion('fraud', '6');
    let text = await metrics.metricsText();
    expect(text).not.toContain('model_version="6"');
    expect(text).toContain('deployment="fraud",model_version="7"');

    metrics.removeDeployment('fraud');
    text = await metrics.metricsText();
    expect(text).not.toContain('deployment="fraud"');
    expect(
      parseExposition(text).get(
        series('slipway_inference_requests_total', {
          deployment: 'churn',
          model_version: '1',
          protocol: 'rest',
          status: 'ok',
        }),
      ),
    ).toBe(1);
    // A handle taken after removal records again.
    metrics.recordRequest('fraud', '7', 'rest', 'ok', 0.001);
    expect(await metrics.metricsText()).toContain('deployment="fraud"');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('hands out one cached handle per (deployment, version)', () => {
    const metrics = new ServingMetrics();
    expect(metrics.forModel('a', '1')).toBe(metrics.forModel('a', '1'));
    expect(metrics.forModel('a', '1')).not.toBe(metrics.forModel('a', '2'));
    expect(metrics.forShadow('a')).toBe(metrics.forShadow('a'));
  });
});
