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
import { seedDeployment } from './monitor-api-fixtures.js';

let h: NativeHarness;
const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const admin = ANONYMOUS_CALLER;

/** What the runner returns next: drift share of all traffic and of version 2, or a failure. */
interface Step {
  share?: number;
  v2Share?: number;
  error?: string;
}

function runOf(spec: MonitorSpec, now: number, step: Step): MonitorRunResult {
  const version = (v: string | null, share: number | undefined) => ({
    version: v,
    rows: 100,
    judged: share !== undefined,
    ...(share === undefined
      ? { skipped: 'too few rows' }
      : {
          drift: {
            datasetDrift: share >= 0.5,
            driftShare: share,
            driftShareThreshold: 0.5,
            numberOfColumns: 2,
            numberOfDriftedColumns: Math.round(share * 2),
            columns: [],
          },
        }),
    serving: {
      requests: 100,
      errors: 0,
      errorRate: 0,
      p50LatencyMs: 1,
      p95LatencyMs: 2,
      p99LatencyMs: 3,
    },
  });
  return {
    monitor: spec.name,
    deployment: spec.deployment,
    time: now,
    windowStart: now - MINUTE,
    windowEnd: now,
    trigger: 'manual',
    ...(step.error === undefined ? {} : { error: step.error }),
    results:
      step.error === undefined
        ? [version(null, step.share), version('2', step.v2Share ?? step.share)]
        : [],
  };
}

interface Rig {
  service: MonitorService;
  alerts: AlertService;
  published: Array<{ event: string; data: Record<string, unknown> }>;
  /** Runs the monitor `name` once at `now` with the runner returning `step`. */
  step(name: string, now: number, step: Step): Promise<MonitorRunResult>;
}

function rig(): Rig {
  let now = START;
  let next: Step = {};
  const published: Rig['published'] = [];
  const clock = { now: () => now };
  const store = new SqlMonitorStore(h.platform.database);
  const alerts = new AlertService({
    store: new SqlAlertStore(h.platform.database),
    deliveries: new SqlWebhookStore(h.platform.database),
    monitors: store,
    access: h.platform.access as never,
    publisher: { publish: (event, data) => published.push({ event, data }) },
    metrics: h.platform.metrics.monitors as never,
    clock,
    logger: createLogger('silent'),
  });
  const scheduler = new MonitorScheduler(h.platform.jobs as never, (name) =>
    service.runScheduled(name),
  );
  const service: MonitorService = new MonitorService({
    store,
    deployments: { get: async (name) => (name === 'fraud' ? ({} as never) : undefined) },
    access: h.platform.access as never,
    runner: { run: async (spec) => runOf(spec, now, next) },
    references: new StoreArtifactUriReader(h.platform as never),
    alerts,
    metrics: h.platform.metrics.monitors as never,
    scheduler,
    clock,
    logger: createLogger('silent'),
  });
  return {
    service,
    alerts,
    published,
    step: async (name, at, step) => {
      now = at;
      next = step;
      return service.run(admin, name);
    },
  };
}

function spec(name: string, alerts: unknown[]) {
  return {
    name,
    deployment: 'fraud',
    reference: { type: 'traffic', from: '14d', to: '7d' },
    window: { duration: '1h' },
    alerts,
  };
}

beforeAll(async () => {
  h = await openNativeHarness();
  await seedDeployment(h.platform, 'fraud', START);
});
afterAll(async () => h?.close());

describe('monitor alerts', () => {
  it('fires after N breaches in a row, holds, resolves after M good runs, and logs events', async () => {
    const r = rig();
    await r.service.apply(
      admin,
      spec('drift-watch', [
        { name: 'drift', metric: 'drift.share', op: '>=', threshold: 0.5, for: 2, resolveAfter: 2 },
      ]),
    );
    const statusAfter = async (at: number, step: Step) => {
      const run = await r.step('drift-watch', START + at * MINUTE, step);
      const [state] = await r.alerts.states(admin, 'drift-watch');
      return [state?.status, state?.breaches, run.id !== undefined];
    };
    expect(await statusAfter(1, { share: 0.5 })).toEqual(['ok', 1, true]);
    // A run that could not judge is no evidence: the streak of breaches survives it.
    expect(await statusAfter(2, {})).toEqual(['ok', 1, true]);
    expect(await statusAfter(3, { share: 1 })).toEqual(['firing', 2, true]);
    expect(await statusAfter(4, { share: 1 })).toEqual(['firing', 3, true]);
    expect(await statusAfter(5, { share: 0 })).toEqual(['firing', 3, true]);
    expect(await statusAfter(6, { share: 0 })).toEqual(['ok', 0, true]);

    const events = await r.alerts.events(admin, 'drift-watch', {});
    expect(events.map((e) => [e.type, e.time, e.value, e.version])).toEqual([
      ['resolved', START + 6 * MINUTE, 0, null],
      ['fired', START + 3 * MINUTE, 1, null],
    ]);
    const runIds = (await r.service.history(admin, 'drift-watch', {})).map((run) => run.id);
    expect(runIds).toContain(events[1]?.runId);
    expect(r.published.map((p) => [p.event, p.data['alert'], p.data['value']])).toEqual([
      ['monitor_alert.fired', 'drift', 1],
      ['monitor_alert.resolved', 'drift', 0],
    ]);
    const [state] = await r.alerts.states(admin, 'drift-watch');
    expect(state).toMatchObject({
      monitor: 'drift-watch',
      deployment: 'fraud',
      alert: 'drift',
      version: null,
      metric: 'drift.share',
      op: '>=',
      threshold: 0.5,
      severity: 'warning',
      lastValue: 0,
      lastFiredAt: START + 3 * MINUTE,
      lastResolvedAt: START + 6 * MINUTE,
    });
  });

  it('judges each version apart with versions: each, and exports firing alerts as gauges', async () => {
    const r = rig();
    await r.service.apply(
      admin,
      spec('canary-watch', [
        {
          name: 'candidate-drift',
          metric: 'drift.share',
          op: '>',
          threshold: 0.4,
          versions: 'each',
          severity: 'critical',
        },
      ]),
    );
    await r.step('canary-watch', START + MINUTE, { share: 0.1, v2Share: 0.9 });
    const states = await r.alerts.states(admin, 'canary-watch');
    expect(states.map((s) => [s.version, s.status])).toEqual([['2', 'firing']]);
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      'slipway_monitor_alert_firing{monitor="canary-watch",deployment="fraud",version="2",alert="candidate-drift",severity="critical"} 1',
    );
    await r.step('canary-watch', START + 2 * MINUTE, { share: 0.1, v2Share: 0.1 });
    const after = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(after).toContain(
      'slipway_monitor_alert_firing{monitor="canary-watch",deployment="fraud",version="2",alert="candidate-drift",severity="critical"} 0',
    );
    // Removing the alert from the spec removes its state and gauge.
    await r.service.apply(admin, spec('canary-watch', []));
    expect(await r.alerts.states(admin, 'canary-watch')).toEqual([]);
    const gone = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(gone).not.toContain('alert="candidate-drift"');
  });

  it('holds a new firing back within the cooldown, and alerts on failed runs', async () => {
    const r = rig();
    await r.service.apply(
      admin,
      spec('flaky', [
        { name: 'failing', metric: 'run.failed', op: '>=', threshold: 1, cooldown: '1h' },
      ]),
    );
    await r.step('flaky', START + MINUTE, { error: 'reference unreadable' });
    await r.step('flaky', START + 2 * MINUTE, { share: 0 });
    await r.step('flaky', START + 3 * MINUTE, { error: 'reference unreadable' });
    expect((await r.alerts.states(admin, 'flaky'))[0]?.status).toBe('ok');
    await r.step('flaky', START + 62 * MINUTE, { error: 'reference unreadable' });
    const events = await r.alerts.events(admin, 'flaky', {});
    expect(events.map((e) => [e.type, e.time])).toEqual([
      ['fired', START + 62 * MINUTE],
      ['resolved', START + 2 * MINUTE],
      ['fired', START + MINUTE],
    ]);
  });

  it('records a retraining trigger per firing outside its cooldown; one claimant wins', async () => {
    const r = rig();
    await r.service.apply(
      admin,
      spec('retrainer', [
        {
          name: 'drift',
          metric: 'drift.share',
          op: '>=',
          threshold: 0.5,
          retrain: { cooldown: '1d' },
        },
      ]),
    );
    await r.step('retrainer', START + MINUTE, { share: 1 });
    await r.step('retrainer', START + 2 * MINUTE, { share: 0 });
    // Fires again an hour later: within the day's retrain cooldown, so no second trigger.
    await r.step('retrainer', START + 60 * MINUTE, { share: 1 });
    await r.step('retrainer', START + 61 * MINUTE, { share: 0 });
    await r.step('retrainer', START + 25 * 60 * MINUTE, { share: 1 });
    const triggers = await r.alerts.triggers(admin, { deployment: 'fraud' });
    expect(triggers.map((t) => [t.time, t.status, t.monitor, t.alert])).toEqual([
      [START + 25 * 60 * MINUTE, 'pending', 'retrainer', 'drift'],
      [START + MINUTE, 'pending', 'retrainer', 'drift'],
    ]);
    expect(
      r.published.filter((p) => p.event === 'retraining_trigger.created').map((p) => p.data['id']),
    ).toEqual(triggers.map((t) => t.id).reverse());

    const id = triggers[0]!.id;
    const claims = await Promise.allSettled([r.alerts.claim(admin, id), r.alerts.claim(admin, id)]);
    expect(claims.map((c) => c.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = claims.find((c) => c.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason.code).toBe('CONFLICT');
    expect(await r.alerts.triggers(admin, { status: 'pending' })).toHaveLength(1);
    const [claimed] = await r.alerts.triggers(admin, { status: 'claimed' });
    expect(claimed).toMatchObject({ id, status: 'claimed', claimedBy: admin.username });
    await expect(r.alerts.claim(admin, 'no-such-trigger')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('rejects alerts it could never evaluate, naming the field', async () => {
    const r = rig();
    const bad = (alerts: unknown[]) => r.service.apply(admin, spec('bad-alerts', alerts));
    await expect(
      bad([{ name: 'x', metric: 'drift.sharee', op: '>', threshold: 1 }]),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('metric'),
    });
    await expect(
      bad([{ name: 'x', metric: 'drift.share', op: '=>', threshold: 1 }]),
    ).rejects.toMatchObject({ message: expect.stringContaining('op') });
    await expect(
      bad([
        { name: 'x', metric: 'drift.share', op: '>', threshold: 1 },
        { name: 'x', metric: 'rows', op: '<', threshold: 10 },
      ]),
    ).rejects.toMatchObject({ message: expect.stringContaining("two alerts are named 'x'") });
    await expect(
      bad([{ name: 'x', metric: 'rows', op: '<', threshold: 10, cooldown: 'soon' }]),
    ).rejects.toMatchObject({ message: expect.stringContaining('cooldown') });
  });
});
