export interface GrafanaDashboardOptions {
  title?: string;
  /** UID of a Prometheus data source; default a `datasource` variable the user picks from. */
  datasourceUid?: string;
}

interface Target {
  expr: string;
  legendFormat: string;
}

interface PanelSpec {
  title: string;
  type: 'timeseries' | 'state-timeline' | 'table';
  unit?: string;
  description: string;
  targets: Target[];
  width?: number;
}

const DEP = 'deployment=~"$deployment"';
const RATE = '$__rate_interval';

function quantile(q: number): Target {
  return {
    expr: `histogram_quantile(${q}, sum by (deployment, model_version, le) (rate(slipway_inference_request_duration_seconds_bucket{${DEP}}[${RATE}])))`,
    legendFormat: `p${Math.round(q * 100)} {{deployment}} v{{model_version}}`,
  };
}

const ROWS: Array<{ title: string; panels: PanelSpec[] }> = [
  {
    title: 'Serving',
    panels: [
      {
        title: 'Requests per second',
        type: 'timeseries',
        unit: 'reqps',
        description: 'Inference requests per second by deployment and model version.',
        targets: [
          {
            expr: `sum by (deployment, model_version) (rate(slipway_inference_requests_total{${DEP}}[${RATE}]))`,
            legendFormat: '{{deployment}} v{{model_version}}',
          },
        ],
      },
      {
        title: 'Latency',
        type: 'timeseries',
        unit: 's',
        description: 'p50, p95 and p99 inference latency by deployment and model version.',
        targets: [quantile(0.5), quantile(0.95), quantile(0.99)],
      },
      {
        title: 'Error rate',
        type: 'timeseries',
        unit: 'percentunit',
        description: 'Share of inference requests that failed, by deployment and model version.',
        targets: [
          {
            expr: `sum by (deployment, model_version) (rate(slipway_inference_requests_total{${DEP},status!="ok"}[${RATE}])) / sum by (deployment, model_version) (rate(slipway_inference_requests_total{${DEP}}[${RATE}]))`,
            legendFormat: '{{deployment}} v{{model_version}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Drift',
    panels: [
      {
        title: 'Drift score per feature',
        type: 'timeseries',
        description:
          'The last score of each feature (p-value or distance, by its test) per monitor and model version.',
        targets: [
          {
            expr: `slipway_monitor_drift_score{${DEP}}`,
            legendFormat: '{{monitor}} v{{version}} {{feature}} ({{stattest}})',
          },
        ],
        width: 24,
      },
      {
        title: 'Features drifted',
        type: 'state-timeline',
        description: '1 while the last run of a monitor found the feature drifted.',
        targets: [
          {
            expr: `slipway_monitor_feature_drifted{${DEP}}`,
            legendFormat: '{{monitor}} v{{version}} {{feature}}',
          },
        ],
      },
      {
        title: 'Dataset drift',
        type: 'state-timeline',
        description: '1 while the share of drifted features reaches the drift share.',
        targets: [
          {
            expr: `slipway_monitor_dataset_drift{${DEP}}`,
            legendFormat: '{{monitor}} v{{version}}',
          },
        ],
      },
      {
        title: 'Share of drifted features',
        type: 'timeseries',
        unit: 'percentunit',
        description: 'Share of tested features that drifted in the last run.',
        targets: [
          {
            expr: `slipway_monitor_drift_share{${DEP}}`,
            legendFormat: '{{monitor}} v{{version}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Performance and alerts',
    panels: [
      {
        title: 'Model performance',
        type: 'timeseries',
        description: 'Metrics from ground truth in each monitor window.',
        targets: [
          {
            expr: `slipway_monitor_performance{${DEP}}`,
            legendFormat: '{{monitor}} v{{version}} {{metric}}',
          },
        ],
      },
      {
        title: 'Monitor alert states',
        type: 'state-timeline',
        description:
          'The alerts of monitor specs, evaluated by Slipway after each run (1 firing, 0 ok); see `slipway monitors alerts <name>`.',
        targets: [
          {
            expr: `slipway_monitor_alert_firing{${DEP}}`,
            legendFormat: '{{monitor}}/{{alert}} v{{version}} ({{severity}})',
          },
        ],
      },
      {
        title: 'Alerts',
        type: 'state-timeline',
        description:
          'Firing and pending Slipway alerts (from the rules of `slipway monitors prometheus-rules`).',
        targets: [
          {
            expr: `ALERTS{alertname=~"Slipway.*"}`,
            legendFormat: '{{alertname}} {{deployment}} {{alertstate}}',
          },
        ],
      },
    ],
  },
];

/**
 * A Grafana dashboard (JSON model, importable as is) over the Prometheus data of Slipway servers:
 * serving throughput, latency and errors per deployment and version, drift per feature, model
 * performance and alert states. A `deployment` variable narrows every panel.
 */
export function grafanaDashboard(options: GrafanaDashboardOptions = {}): Record<string, unknown> {
  const datasource =
    options.datasourceUid === undefined
      ? { type: 'prometheus', uid: '${datasource}' }
      : { type: 'prometheus', uid: options.datasourceUid };
  const panels: Array<Record<string, unknown>> = [];
  let id = 1;
  let y = 0;
  for (const row of ROWS) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { x: 0, y, w: 24, h: 1 },
      panels: [],
    });
    y += 1;
    let x = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      panels.push({
        id: id++,
        type: p.type,
        title: p.title,
        description: p.description,
        datasource,
        gridPos: { x, y, w, h: 8 },
        fieldConfig: {
          defaults: { ...(p.unit === undefined ? {} : { unit: p.unit }) },
          overrides: [],
        },
        options: {},
        targets: p.targets.map((t, i) => ({
          refId: String.fromCharCode(65 + i),
          datasource,
          expr: t.expr,
          legendFormat: t.legendFormat,
        })),
      });
      x += w;
    }
    y += 8;
  }
  const variables: Array<Record<string, unknown>> = [];
  if (options.datasourceUid === undefined) {
    variables.push({
      name: 'datasource',
      label: 'Data source',
      type: 'datasource',
      query: 'prometheus',
    });
  }
  variables.push({
    name: 'deployment',
    label: 'Deployment',
    type: 'query',
    datasource,
    query: {
      query: 'label_values(slipway_inference_requests_total, deployment)',
      refId: 'deployments',
    },
    definition: 'label_values(slipway_inference_requests_total, deployment)',
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { text: 'All', value: '$__all' },
    refresh: 2,
  });
  return {
    title: options.title ?? 'Slipway: serving and monitoring',
    uid: 'slipway-serving-monitoring',
    tags: ['slipway'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: variables },
    annotations: { list: [] },
    panels,
  };
}
