import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grafanaDashboard } from '../../src/monitoring/prometheus/grafana-dashboard.js';
import { prometheusRules } from '../../src/monitoring/prometheus/prometheus-rules.js';
import { ServingMetrics } from '../../src/serving/metrics/serving-metrics.js';

/** The real promtool (Debian package prometheus, installed by npm test). */
function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error !== undefined) throw new Error(`promtool did not run: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('Prometheus rules and the Grafana dashboard', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes rules promtool accepts, and that fire on drift and errors as promtool evaluates them', async () => {
    await writeFile(join(dir, 'rules.yaml'), prometheusRules({ errorRate: 0.05, for: '5m' }));
    const check = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(check.output).toContain('SUCCESS: 9 rules found');
    expect(check.status).toBe(0);
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            {
              series: 'slipway_monitor_dataset_drift{monitor="m",deployment="d",version="2"}',
              values: '0 0 1 1 1',
            },
            {
              series:
                'slipway_monitor_alert_firing{monitor="m",deployment="d",version="all",alert="slow",severity="critical"}',
              values: '0 1 1 0',
            },
            {
              series:
                'slipway_inference_requests_total{deployment="d",model_version="1",protocol="rest",status="ok"}',
              values: '0+90x20',
            },
            {
              series:
                'slipway_inference_requests_total{deployment="d",model_version="1",protocol="rest",status="internal"}',
              values: '0+10x20',
            },
          ],
          alert_rule_test: [
            { eval_time: '1m', alertname: 'SlipwayDatasetDrift', exp_alerts: [] },
            {
              eval_time: '3m',
              alertname: 'SlipwayDatasetDrift',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', monitor: 'm', deployment: 'd', version: '2' },
                  exp_annotations: {
                    summary: 'Dataset drift on d (monitor m, version 2)',
                    description:
                      'The last run of monitor m found drift in at least its drift share of features. See `slipway monitors history m`.',
                  },
                },
              ],
            },
            {
              eval_time: '1m',
              alertname: 'SlipwayMonitorAlert',
              exp_alerts: [
                {
                  exp_labels: {
                    severity: 'critical',
                    monitor: 'm',
                    deployment: 'd',
                    version: 'all',
                    alert: 'slow',
                  },
                  exp_annotations: {
                    summary: 'Alert slow of monitor m is firing on d (version all)',
                    description:
                      'Slipway evaluates the alerts of a monitor spec after each run; this rule forwards their state to Alertmanager with their own severity label. See `slipway monitors alerts m`.',
                  },
                },
              ],
            },
            { eval_time: '3m', alertname: 'SlipwayMonitorAlert', exp_alerts: [] },
            // 10 failed of 100 a minute: 10% for longer than 5 minutes.
            { eval_time: '4m', alertname: 'SlipwayHighErrorRate', exp_alerts: [] },
            {
              eval_time: '15m',
              alertname: 'SlipwayHighErrorRate',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', deployment: 'd', model_version: '1' },
                  exp_annotations: { summary: 'd version 1 fails 10% of requests' },
                },
              ],
            },
          ],
        },
      ],
    };
    await writeFile(join(dir, 'rules.test.yaml'), stringify(tests));
    const run = promtool(['test', 'rules', 'rules.test.yaml'], dir);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('makes a dashboard whose queries parse and name only metrics the server exposes', async () => {
    const dashboard = grafanaDashboard() as {
      panels: Array<{ id: number; type: string; targets?: Array<{ expr: string }> }>;
      templating: { list: Array<{ name: string }> };
    };
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'deployment']);
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(8);
    // Grafana's variables replaced as Grafana would, then every query checked by promtool.
    const rules = {
      groups: [
        {
          name: 'dashboard',
          rules: exprs.map((expr, i) => ({
            record: `dashboard:query_${i}`,
            expr: expr.replaceAll('$__rate_interval', '1m').replaceAll('$deployment', '.*'),
          })),
        },
      ],
    };
    await writeFile(join(dir, 'dashboard-queries.yaml'), stringify(rules));
    const check = promtool(['check', 'rules', 'dashboard-queries.yaml'], dir);
    expect(check.output).toContain('SUCCESS');
    const exposed = new Set(
      (await new ServingMetrics().registry.getMetricsAsJSON()).map((m) => m.name),
    );
    const used = new Set(
      exprs.flatMap((e) => [...e.matchAll(/\b(slipway_[a-z_]+)/gu)].map((m) => m[1]!)),
    );
    for (const name of used) expect(exposed, name).toContain(name.replace(/_bucket$/u, ''));
  });
});
