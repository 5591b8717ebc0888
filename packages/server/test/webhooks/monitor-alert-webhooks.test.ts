import { describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { SYSTEM_ADMIN, mlflowCall } from '../access/access-fixtures.js';
import { prediction, seedDeployment } from '../monitoring/monitor-api-fixtures.js';
import { call } from '../native/native-harness.js';
import { BOB, useWebhookHarness } from './webhook-harness.js';

const t = useWebhookHarness();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const bob = { authorization: BOB };

function monitorSpec(extra: Record<string, unknown> = {}) {
  return {
    name: 'fraud-watch',
    deployment: 'fraud',
    reference: { type: 'traffic', from: '14d', to: '7d' },
    window: { duration: '1h' },
    minRows: 5,
    drift: { stattest: 'ks' },
    alerts: [
      {
        name: 'version-drift',
        metric: 'drift.share',
        op: '>=',
        threshold: 0.5,
        versions: 'each',
        severity: 'critical',
        retrain: true,
      },
      { name: 'slow', metric: 'serving.p95_latency_ms', op: '>', threshold: 1000 },
    ],
    ...extra,
  };
}

describe('monitor alerts through the API, to webhooks', () => {
  it('fires on a drifted version, delivers signed events, records one claimable trigger', async () => {
    const { platform } = t.h;
    const now = Date.now();
    await seedDeployment(platform, 'fraud', now);
    // Reference traffic ten days ago; the last hour, version 1 alike and version 2 shifted.
    await platform.predictionLogStore.append([
      ...Array.from({ length: 60 }, (_, i) => prediction('fraud', i, i / 60, now - 10 * DAY + i)),
      ...Array.from({ length: 40 }, (_, i) => prediction('fraud', i, i / 40, now - HOUR / 2 + i)),
      ...Array.from({ length: 40 }, (_, i) =>
        prediction('fraud', i, 5 + i / 40, now - HOUR / 2 + i, '2'),
      ),
    ]);
    const rx = await t.receiver();
    await t.createWebhook(rx.url, [
      ['MONITOR_ALERT', 'FIRED'],
      ['MONITOR_ALERT', 'RESOLVED'],
      ['RETRAINING_TRIGGER', 'CREATED'],
    ]);
    expect((await call(t.h, r.applyMonitor, { body: monitorSpec() })).status).toBe(200);

    const run = await call(t.h, r.runMonitor, { params: { name: 'fraud-watch' } });
    expect(run.status).toBe(200);
    const v2 = run.json.results.find((x: { version: string | null }) => x.version === '2');
    expect(v2.drift.datasetDrift).toBe(true);
    expect(v2.serving).toMatchObject({ requests: 40, errors: 0, errorRate: 0, p95LatencyMs: 1 });

    const got = await rx.waitFor(2);
    expect(got.every((g) => g.verified)).toBe(true);
    const bodies = got.map(
      (g) => JSON.parse(g.body) as { entity: string; action: string; data: unknown },
    );
    const byEvent = new Map(bodies.map((b) => [`${b.entity}.${b.action}`, b.data]));
    expect(byEvent.get('monitor_alert.fired')).toMatchObject({
      monitor: 'fraud-watch',
      deployment: 'fraud',
      alert: 'version-drift',
      version: '2',
      type: 'fired',
      value: 1,
      severity: 'critical',
      runId: run.json.id,
    });
    expect(byEvent.get('retraining_trigger.created')).toMatchObject({
      deployment: 'fraud',
      alert: 'version-drift',
      version: '2',
      status: 'pending',
    });

    const alerts = await call(t.h, r.listMonitorAlerts, { params: { name: 'fraud-watch' } });
    expect(
      alerts.json.alerts.map((a: Record<string, unknown>) => [a.alert, a.version, a.status]),
    ).toEqual([
      ['slow', null, 'ok'],
      ['version-drift', '1', 'ok'],
      ['version-drift', '2', 'firing'],
    ]);
    // The receiver has the request before its attempt is logged: wait for the log row.
    let events = await call(t.h, r.listMonitorAlertEvents, { params: { name: 'fraud-watch' } });
    for (let i = 0; i < 50 && events.json.events[0]?.deliveries?.length !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      events = await call(t.h, r.listMonitorAlertEvents, { params: { name: 'fraud-watch' } });
    }
    expect(events.json.events).toHaveLength(1);
    expect(events.json.events[0].deliveries).toEqual([
      expect.objectContaining({ webhookName: 'ci', attempt: 1, statusCode: 200 }),
    ]);
    const metrics = (
      await t.h.app.inject({ method: 'GET', url: '/metrics', headers: t.h.defaultHeaders })
    ).body;
    expect(metrics).toContain(
      'slipway_monitor_alert_firing{monitor="fraud-watch",deployment="fraud",version="2",alert="version-drift",severity="critical"} 1',
    );

    // Bob sees nothing of a deployment he may not read, and may not claim its triggers.
    await platform.access.grant(SYSTEM_ADMIN, 'deployment', 'fraud', 'bob', 'NO_PERMISSIONS');
    const hidden = await call(t.h, r.listRetrainingTriggers, { headers: bob });
    expect(hidden.json.triggers).toEqual([]);
    expect(
      (await call(t.h, r.listMonitorAlerts, { params: { name: 'fraud-watch' }, headers: bob }))
        .status,
    ).toBe(403);
    await platform.access.grant(SYSTEM_ADMIN, 'deployment', 'fraud', 'bob', 'READ');
    const seen = await call(t.h, r.listRetrainingTriggers, {
      query: { deployment: 'fraud', status: 'pending' },
      headers: bob,
    });
    expect(seen.json.triggers).toHaveLength(1);
    const id = seen.json.triggers[0].id as string;
    expect(
      (await call(t.h, r.claimRetrainingTrigger, { params: { id }, headers: bob })).status,
    ).toBe(403);
    const claim = await call(t.h, r.claimRetrainingTrigger, { params: { id } });
    expect(claim.status).toBe(200);
    expect(claim.json.trigger).toMatchObject({ id, status: 'claimed', claimedBy: 'admin' });
    const again = await call(t.h, r.claimRetrainingTrigger, { params: { id } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('already claimed by admin');
    expect((await call(t.h, r.claimRetrainingTrigger, { params: { id: 'nope' } })).status).toBe(
      404,
    );
  });

  it('needs READ on a reference file to point a monitor at it', async () => {
    const { platform } = t.h;
    await seedDeployment(platform, 'churn', Date.now());
    await platform.access.grant(SYSTEM_ADMIN, 'deployment', 'churn', 'bob', 'EDIT');
    const experiment = await mlflowCall(t.h, 'POST', '/experiments/create', { name: 'secret' });
    const experimentId = experiment.json.experiment_id as string;
    const created = await mlflowCall(t.h, 'POST', '/runs/create', {
      experiment_id: experimentId,
    });
    const runId = created.json.run.info.run_id as string;
    // Everyone may read by default (MLflow's default permission); this experiment is closed.
    await platform.access.grant(SYSTEM_ADMIN, 'experiment', experimentId, 'bob', 'NO_PERMISSIONS');
    const body = {
      name: 'churn-watch',
      deployment: 'churn',
      reference: { type: 'dataset', uri: `runs:/${runId}/train.csv` },
      window: { last: 100 },
    };
    const denied = await call(t.h, r.applyMonitor, { body, headers: bob });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('PERMISSION_DENIED');
    const owned = await call(t.h, r.applyMonitor, {
      body: { ...body, reference: { type: 'profile', uri: 'mlflow-artifacts:/shared/p.json' } },
      headers: bob,
    });
    expect(owned.status).toBe(403);
    expect(owned.json.error.message).toContain('belongs to no experiment');
    await platform.access.grant(SYSTEM_ADMIN, 'experiment', experimentId, 'bob', 'READ');
    expect((await call(t.h, r.applyMonitor, { body, headers: bob })).status).toBe(200);
  });
});
