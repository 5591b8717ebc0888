import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_CALLER } from '@slipway/core';
import type { MonitorRunResult, MonitorSpec } from '@slipway/core';
import { createLogger } from '../../src/logging/logger.js';
import { AlertService } from '../../src/monitoring/alerts/alert-service.js';
import { StoreArtifactUriReader } from '../../src/monitoring/monitors/artifact-uri-reader.js';
import { MonitorScheduler } from '../../src/monitoring/monitors/monitor-scheduler.js';
import { MonitorService } from '../../src/monitoring/monitors/monitor-service.js';
import { SqlAlertStore } from '../../src/storage/sql/alert-store.js';
import { SqlMonitorStore } from '../../src/storage/sql/monitor-store.js';
import { SqlWebhookStore } from '../../src/storage/sql/webhook-store.js';
import { openNativeHarness } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { fakeRun, seedDeployment } from './monitor-api-fixtures.js';

let h: NativeHarness;
const NOW = Date.now();
const admin = ANONYMOUS_CALLER;

function spec(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    deployment: 'fraud',
    reference: { type: 'traffic', from: '14d', to: '7d' },
    window: { duration: '1h' },
    ...extra,
  };
}

/**
 * A service over the platform's store, jobs and metrics with a runner of the test's choosing.
 * The harness's platform is typed from the built package and these classes from the sources, so
 * the parts are handed over untyped (`as never`): they are the same classes at run time.
 */
function serviceWith(run: (spec: MonitorSpec) => Promise<MonitorRunResult>): MonitorService {
  const scheduler = new MonitorScheduler(h.platform.jobs as never, (name) =>
    service.runScheduled(name),
  );
  const store = new SqlMonitorStore(h.platform.database);
  const service: MonitorService = new MonitorService({
    store,
    deployments: { get: async (name) => (name === 'fraud' ? ({} as never) : undefined) },
    access: h.platform.access as never,
    runner: { run },
    references: new StoreArtifactUriReader(h.platform as never),
    alerts: new AlertService({
      store: new SqlAlertStore(h.platform.database),
      deliveries: new SqlWebhookStore(h.platform.database),
      monitors: store,
      access: h.platform.access as never,
      publisher: { publish: () => undefined },
      metrics: h.platform.metrics.monitors as never,
      clock: { now: () => NOW },
      logger: createLogger('silent'),
    }),
    metrics: h.platform.metrics.monitors as never,
    scheduler,
    clock: { now: () => NOW },
    logger: createLogger('silent'),
  });
  return service;
}

beforeAll(async () => {
  h = await openNativeHarness();
  await seedDeployment(h.platform, 'fraud', NOW);
});
afterAll(async () => h?.close());

describe('monitor schedules', () => {
  it('keeps one job per scheduled monitor, and its runs land in the history', async () => {
    const { monitors, jobs } = h.platform;
    await monitors.apply(admin, spec('hourly', { schedule: { every: '1h' } }));
    await monitors.apply(admin, spec('manual-only'));
    expect(jobs.has('monitor:hourly')).toBe(true);
    expect(jobs.has('monitor:manual-only')).toBe(false);

    expect(await jobs.runNow('monitor:hourly')).toBe(true);
    const runs = await monitors.history(admin, 'hourly', {});
    expect(runs).toHaveLength(1);
    expect(runs[0]?.trigger).toBe('schedule');
    // No traffic at all: each result is stored unjudged, not an error.
    expect(runs[0]?.error).toBeUndefined();

    await monitors.apply(admin, spec('hourly'));
    expect(jobs.has('monitor:hourly')).toBe(false);
    await monitors.apply(admin, spec('hourly', { schedule: { every: '30m' } }));
    expect(jobs.has('monitor:hourly')).toBe(true);
    await monitors.delete(admin, 'hourly');
    expect(jobs.has('monitor:hourly')).toBe(false);
  });
});

describe('monitor runs', () => {
  it('stores a failed run with its error instead of throwing', async () => {
    const service = serviceWith(() => Promise.reject(new Error('reference unreadable')));
    await service.apply(admin, spec('broken', { schedule: { every: '1h' } }));
    await expect(h.platform.jobs.runNow('monitor:broken')).resolves.toBe(true);
    const manual = await service.run(admin, 'broken');
    expect(manual).toMatchObject({
      monitor: 'broken',
      trigger: 'manual',
      error: 'reference unreadable',
      results: [],
      windowStart: NOW - 3_600_000,
      windowEnd: NOW,
    });
    const history = await service.history(admin, 'broken', {});
    expect(history.map((run) => [run.trigger, run.error])).toEqual([
      ['manual', 'reference unreadable'],
      ['schedule', 'reference unreadable'],
    ]);
    await service.delete(admin, 'broken');
  });

  it('exports the latest result as gauges on GET /metrics, and drops them on delete', async () => {
    const service = serviceWith(async (s) => fakeRun(s.name, s.deployment, NOW));
    await service.apply(admin, spec('gauged'));
    await service.run(admin, 'gauged');
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    const lines = text.split('\n').filter((line) => line.includes('monitor="gauged"'));
    expect(lines.sort()).toEqual(
      [
        'slipway_monitor_dataset_drift{monitor="gauged",deployment="fraud",version="all"} 0',
        'slipway_monitor_dataset_drift{monitor="gauged",deployment="fraud",version="2"} 1',
        'slipway_monitor_drift_share{monitor="gauged",deployment="fraud",version="all"} 0',
        'slipway_monitor_drift_share{monitor="gauged",deployment="fraud",version="2"} 1',
        'slipway_monitor_drift_score{monitor="gauged",deployment="fraud",version="all",feature="x",stattest="ks"} 0.25',
        'slipway_monitor_drift_score{monitor="gauged",deployment="fraud",version="2",feature="x",stattest="ks"} 0.001',
        'slipway_monitor_feature_drifted{monitor="gauged",deployment="fraud",version="all",feature="x",stattest="ks"} 0',
        'slipway_monitor_feature_drifted{monitor="gauged",deployment="fraud",version="2",feature="x",stattest="ks"} 1',
        `slipway_monitor_last_run_timestamp_seconds{monitor="gauged"} ${NOW / 1000}`,
        'slipway_monitor_performance{monitor="gauged",deployment="fraud",version="2",metric="mae"} 0.25',
      ].sort(),
    );
    await service.delete(admin, 'gauged');
    const after = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(after).not.toContain('monitor="gauged"');
  });
});
