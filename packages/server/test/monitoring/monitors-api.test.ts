import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import { SqlMonitorStore } from '../../src/storage/sql/monitor-store.js';
import { fakeRun, prediction, seedDeployment } from './monitor-api-fixtures.js';

let h: NativeHarness;
const ALICE = as('alice');
const BOB = as('bob');
const NOW = Date.now();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const YAML_SPEC = `
name: fraud-drift
deployment: fraud
reference: { type: traffic, from: 14d, to: 7d }
window: { duration: 1h }
minRows: 5
`;

function spec(name: string, deployment: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    deployment,
    reference: { type: 'traffic', from: '14d', to: '7d' },
    window: { duration: '1h' },
    minRows: 5,
    ...extra,
  };
}

beforeAll(async () => {
  h = await openNativeHarness({ users: ['alice', 'bob'] });
  await seedDeployment(h.platform, 'fraud', NOW);
  await seedDeployment(h.platform, 'churn', NOW);
  const admin = { username: 'admin', isAdmin: true, via: 'system' as const };
  await h.platform.access.grant(admin, 'deployment', 'fraud', 'alice', 'EDIT');
  await h.platform.access.grant(admin, 'deployment', 'churn', 'bob', 'NO_PERMISSIONS');
  // Reference traffic 10 days ago around 0; the last hour, version 1 the same, version 2 shifted.
  const records = [
    ...Array.from({ length: 60 }, (_, i) => prediction('fraud', i, i / 60, NOW - 10 * DAY + i)),
    ...Array.from({ length: 40 }, (_, i) => prediction('fraud', i, i / 40, NOW - HOUR / 2 + i)),
    ...Array.from({ length: 40 }, (_, i) =>
      prediction('fraud', i, 5 + i / 40, NOW - HOUR / 2 + i, '2'),
    ),
  ];
  await h.platform.predictionLogStore.append(records);
});
afterAll(async () => h?.close());

describe('monitors API', () => {
  it('applies a YAML spec by PUT, then replaces it by POST', async () => {
    const put = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/monitors/fraud-drift',
      headers: { ...h.defaultHeaders, 'content-type': 'application/yaml' },
      payload: YAML_SPEC,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().created).toBe(true);
    expect(put.json().monitor).toMatchObject({
      name: 'fraud-drift',
      deployment: 'fraud',
      createdBy: 'admin',
      spec: { window: { duration: HOUR }, reference: { from: 14 * DAY, to: 7 * DAY } },
    });
    const post = await call(h, r.applyMonitor, {
      body: spec('fraud-drift', 'fraud', { minRows: 10 }),
      headers: ALICE,
    });
    expect(post.status).toBe(200);
    expect(post.json.created).toBe(false);
    expect(post.json.monitor.spec.minRows).toBe(10);
    expect(post.json.monitor.createdBy).toBe('admin');
  });

  it('answers 400 naming the field of a bad spec, 404 for an unknown deployment', async () => {
    const bad = await call(h, r.applyMonitor, {
      body: { ...spec('bad', 'fraud'), window: { duration: '1h', last: 10 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('window');
    const badRef = await call(h, r.applyMonitor, {
      body: { ...spec('bad', 'fraud'), reference: { type: 'dataset', file: './train.csv' } },
    });
    expect(badRef.status).toBe(400);
    expect(badRef.json.error.message).toContain('reference');
    const unknown = await call(h, r.applyMonitor, { body: spec('orphan', 'nope') });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain("No deployment named 'nope'");
    const mismatch = await call(h, r.putMonitor, {
      params: { name: 'other' },
      body: spec('fraud-drift', 'fraud'),
    });
    expect(mismatch.status).toBe(400);
  });

  it('lists and gets by the deployment permission; refuses changes without EDIT', async () => {
    expect((await call(h, r.applyMonitor, { body: spec('churn-drift', 'churn') })).status).toBe(
      200,
    );
    const all = await call(h, r.listMonitors);
    expect(all.json.monitors.map((m: { name: string }) => m.name)).toEqual([
      'churn-drift',
      'fraud-drift',
    ]);
    const ofFraud = await call(h, r.listMonitors, { query: { deployment: 'fraud' } });
    expect(ofFraud.json.monitors.map((m: { name: string }) => m.name)).toEqual(['fraud-drift']);
    const bobs = await call(h, r.listMonitors, { headers: BOB });
    expect(bobs.json.monitors.map((m: { name: string }) => m.name)).toEqual(['fraud-drift']);
    expect(
      (await call(h, r.getMonitor, { params: { name: 'fraud-drift' }, headers: BOB })).status,
    ).toBe(200);
    expect(
      (await call(h, r.getMonitor, { params: { name: 'churn-drift' }, headers: BOB })).status,
    ).toBe(403);
    expect((await call(h, r.getMonitor, { params: { name: 'nope' } })).status).toBe(404);
    const refused = [
      await call(h, r.applyMonitor, { body: spec('fraud-drift', 'fraud'), headers: BOB }),
      await call(h, r.runMonitor, { params: { name: 'fraud-drift' }, headers: BOB }),
      await call(h, r.deleteMonitor, { params: { name: 'fraud-drift' }, headers: BOB }),
      // alice may edit fraud but not move a monitor of churn onto it.
      await call(h, r.applyMonitor, { body: spec('churn-drift', 'fraud'), headers: ALICE }),
    ];
    expect(refused.map((x) => x.status)).toEqual([403, 403, 403, 403]);
  });

  it('runs now with the real runner, per version, and keeps the result in the history', async () => {
    const run = await call(h, r.runMonitor, { params: { name: 'fraud-drift' }, headers: ALICE });
    expect(run.status).toBe(200);
    expect(run.json.error).toBeUndefined();
    expect(run.json.trigger).toBe('manual');
    const byVersion = Object.fromEntries(
      run.json.results.map((x: { version: string | null; rows: number }) => [String(x.version), x]),
    );
    expect(byVersion.null.rows).toBe(80);
    expect(byVersion['1'].rows).toBe(40);
    expect(byVersion['2'].rows).toBe(40);
    // Version 2's inputs moved by 5 from a reference in [0, 1): drift, whatever the test picked.
    expect(byVersion['2'].drift.datasetDrift).toBe(true);
    expect(byVersion['1'].drift.datasetDrift).toBe(false);

    const history = await call(h, r.getMonitorHistory, {
      params: { name: 'fraud-drift' },
      headers: BOB,
    });
    expect(history.json.runs).toHaveLength(1);
    expect(history.json.runs[0].id).toBe(run.json.id);
    const v2 = await call(h, r.getMonitorHistory, {
      params: { name: 'fraud-drift' },
      query: { version: '2', from: String(NOW - DAY) },
    });
    expect(v2.json.runs[0].results.map((x: { version: string }) => x.version)).toEqual(['2']);
    const none = await call(h, r.getMonitorHistory, {
      params: { name: 'fraud-drift' },
      query: { to: String(run.json.time - 1) },
    });
    expect(none.json.runs).toEqual([]);
    const badRange = await call(h, r.getMonitorHistory, {
      params: { name: 'fraud-drift' },
      query: { from: '10', to: '5' },
    });
    expect(badRange.status).toBe(400);
  });

  it('answers a stored run as one HTML report with its verdicts and distributions', async () => {
    const run = await call(h, r.runMonitor, { params: { name: 'fraud-drift' }, headers: ALICE });
    expect(run.status).toBe(200);
    // bob may read fraud (the default permission), so he may read its reports.
    const report = await call(h, r.getMonitorRunReport, {
      params: { name: 'fraud-drift', runId: run.json.id },
      headers: BOB,
    });
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(report.headers['content-security-policy'])).toContain("default-src 'none'");
    const html = report.raw.toString('utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: no script, style or image fetched from anywhere.
    expect(html).not.toMatch(/<(script|img|link)[^>]+(src|href)=/u);
    expect(html).toContain('uPlot');
    const articles = html.split('<article').slice(1);
    expect(articles.map((a) => /<h2>([^<]+)/u.exec(a)?.[1]?.trim())).toEqual([
      'All traffic',
      'Version 1',
      'Version 2',
    ]);
    const v1 = articles[1]!;
    const v2 = articles[2]!;
    expect(v2).toContain('Dataset drift detected: 1 of 1 columns drifted');
    expect(v2).toMatch(
      /<a href="#v2-col-0">x<\/a><\/td>.*<span class="drift">drift<\/span><\/td><\/tr>/u,
    );
    expect(v1).toContain('No dataset drift: 0 of 1 columns drifted');
    expect(v1).toMatch(
      /<a href="#v1-col-0">x<\/a><\/td>.*<span class="ok">no drift<\/span><\/td><\/tr>/u,
    );
    expect(v2).toContain('<h3>Serving</h3>');
    // The stored distributions are drawn: one chart per version's column, with its data inline.
    const data = JSON.parse(
      /<script type="application\/json" id="report-data">(.*?)<\/script>/su.exec(html)![1]!,
    );
    expect(data).toHaveLength(3);
    expect(html.match(/class="chart" data-index=/gu)).toHaveLength(3);
    expect(data[2].labels.length).toBeGreaterThan(1);
    // The run's window and trigger.
    expect(html).toContain(
      `${new Date(run.json.windowStart).toISOString()} to ${new Date(run.json.windowEnd).toISOString()} (1h)`,
    );
    expect(html).toContain(`<code>${run.json.id}</code>, manual`);
  });

  it('reports validation, performance, serving and a failed run as stored', async () => {
    const store = new SqlMonitorStore(h.platform.database);
    const run = fakeRun('fraud-drift', 'fraud', NOW - 1000);
    run.results[1]!.validation = {
      success: false,
      evaluated: 3,
      failed: 1,
      failedExpectations: ['expect_column_values_to_be_between (<x>)'],
    };
    run.results[1]!.serving = {
      requests: 60,
      errors: 3,
      errorRate: 0.05,
      p50LatencyMs: 2,
      p95LatencyMs: 9.5,
      p99LatencyMs: 12,
    };
    const id = await store.appendResult(run);
    const html = (
      await call(h, r.getMonitorRunReport, { params: { name: 'fraud-drift', runId: id } })
    ).raw.toString('utf8');
    expect(html).toContain('expect_column_values_to_be_between (&lt;x&gt;)');
    expect(html).toContain('failed</span> (1 of 3 expectations)');
    expect(html).toContain('regression: 50 predictions with ground truth, coverage 100.0%');
    expect(html).toMatch(/<td>mae<\/td><td class="num">0\.2500<\/td>/u);
    expect(html).toContain('constant labels');
    expect(html).toMatch(/Error rate<\/th><td class="num">5\.0%/u);
    expect(html).toMatch(/p99 latency<\/th><td class="num">12 ms/u);
    // Stored without distributions (before they were kept): drawn as a table, charts left out.
    expect(html).toContain('No values to draw.');

    const failed = await store.appendResult({
      ...fakeRun('fraud-drift', 'fraud', NOW - 500),
      results: [],
      error: 'The reference runs:/r/<ref>.csv could not be read',
    });
    const failedHtml = (
      await call(h, r.getMonitorRunReport, { params: { name: 'fraud-drift', runId: failed } })
    ).raw.toString('utf8');
    expect(failedHtml).toContain('The run failed: The reference runs:/r/&lt;ref&gt;.csv');
    expect(failedHtml).toContain('No results were stored for this run.');
  });

  it('answers 404 for an unknown run or monitor and 403 without READ', async () => {
    const unknownRun = await call(h, r.getMonitorRunReport, {
      params: { name: 'fraud-drift', runId: 'no-such-run' },
    });
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.json.error.message).toContain(
      "Monitor 'fraud-drift' has no run 'no-such-run'",
    );
    const unknownMonitor = await call(h, r.getMonitorRunReport, {
      params: { name: 'nope', runId: 'x' },
    });
    expect(unknownMonitor.status).toBe(404);
    expect(unknownMonitor.json.error.message).toContain("No monitor named 'nope'");
    const churnRun = await call(h, r.runMonitor, { params: { name: 'churn-drift' } });
    expect(churnRun.status).toBe(200);
    // A run of another monitor is not found under this one.
    const elsewhere = await call(h, r.getMonitorRunReport, {
      params: { name: 'fraud-drift', runId: churnRun.json.id },
    });
    expect(elsewhere.status).toBe(404);
    const refused = await call(h, r.getMonitorRunReport, {
      params: { name: 'churn-drift', runId: churnRun.json.id },
      headers: BOB,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/json/u);
    const admin = await call(h, r.getMonitorRunReport, {
      params: { name: 'churn-drift', runId: churnRun.json.id },
    });
    expect(admin.status).toBe(200);
  });

  it('audits changes under the deployment and deletes a monitor with its results', async () => {
    const audit = await call(h, r.searchAuditEvents, {
      query: { resourceType: 'deployment', resourceId: 'fraud', action: 'monitor.' },
    });
    expect(audit.json.events.map((e: { action: string }) => e.action)).toEqual([
      'monitor.update',
      'monitor.create',
    ]);
    const deleted = await call(h, r.deleteMonitor, {
      params: { name: 'fraud-drift' },
      headers: ALICE,
    });
    expect(deleted.status).toBe(204);
    expect((await call(h, r.getMonitor, { params: { name: 'fraud-drift' } })).status).toBe(404);
    expect((await call(h, r.getMonitorHistory, { params: { name: 'fraud-drift' } })).status).toBe(
      404,
    );
    const left = await h.platform.database.db
      .selectFrom('monitor_results')
      .select('monitor')
      .where('monitor', '=', 'fraud-drift')
      .execute();
    expect(left).toEqual([]);
  });
});
