import { stringify } from 'yaml';

export interface PrometheusRulesOptions {
  /** Share of failed inference requests over 5 minutes that raises SlipwayHighErrorRate. */
  errorRate?: number;
  /** p99 latency in seconds over 5 minutes that raises SlipwayHighLatencyP99. */
  latencyP99Seconds?: number;
  /** How long a serving condition must hold before its alert fires (Prometheus `for`). */
  for?: string;
  /** A monitor whose last run is older than this (seconds) raises SlipwayMonitorStale. */
  staleAfterSeconds?: number;
}

export const DEFAULT_PROMETHEUS_RULES: Required<PrometheusRulesOptions> = {
  errorRate: 0.05,
  latencyP99Seconds: 1,
  for: '5m',
  staleAfterSeconds: 3600,
};

const BY_VERSION = 'deployment, model_version';

/** Recording rules the alerts and the Grafana dashboard share (Prometheus' naming convention). */
export const RECORDED = {
  errorRatio: 'slipway:inference_error_ratio:rate5m',
  requestRate: 'slipway:inference_requests:rate5m',
  latencyP99: 'slipway:inference_latency_p99_seconds:5m',
} as const;

/**
 * Alerting rules over the metrics a Slipway server exposes at /metrics: drift found by monitors
 * (per monitor, deployment, model version and feature), monitors that stopped running, and
 * serving error rate and p99 latency per deployment and model version. The text is a Prometheus
 * rule file (`rule_files:`), checked by `promtool check rules` in the tests.
 */
export function prometheusRules(options: PrometheusRulesOptions = {}): string {
  const o = { ...DEFAULT_PROMETHEUS_RULES, ...options };
  const groups = [
    {
      name: 'slipway-monitors',
      rules: [
        {
          alert: 'SlipwayDatasetDrift',
          expr: 'max by (monitor, deployment, version) (slipway_monitor_dataset_drift) == 1',
          labels: { severity: 'warning' },
          annotations: {
            summary:
              'Dataset drift on {{ $labels.deployment }} (monitor {{ $labels.monitor }}, version {{ $labels.version }})',
            description:
              'The last run of monitor {{ $labels.monitor }} found drift in at least its drift share of features. See `slipway monitors history {{ $labels.monitor }}`.',
          },
        },
        {
          alert: 'SlipwayFeatureDrift',
          expr: 'max by (monitor, deployment, version, feature, stattest) (slipway_monitor_feature_drifted) == 1',
          labels: { severity: 'info' },
          annotations: {
            summary:
              'Feature {{ $labels.feature }} drifted on {{ $labels.deployment }} ({{ $labels.stattest }}, version {{ $labels.version }})',
          },
        },
        {
          alert: 'SlipwayMonitorAlert',
          expr: 'max by (monitor, deployment, version, alert, severity) (slipway_monitor_alert_firing) == 1',
          annotations: {
            summary:
              'Alert {{ $labels.alert }} of monitor {{ $labels.monitor }} is firing on {{ $labels.deployment }} (version {{ $labels.version }})',
            description:
              'Slipway evaluates the alerts of a monitor spec after each run; this rule forwards their state to Alertmanager with their own severity label. See `slipway monitors alerts {{ $labels.monitor }}`.',
          },
        },
        {
          alert: 'SlipwayMonitorStale',
          expr: `time() - max by (monitor) (slipway_monitor_last_run_timestamp_seconds) > ${o.staleAfterSeconds}`,
          labels: { severity: 'warning' },
          annotations: {
            summary:
              'Monitor {{ $labels.monitor }} has not run for {{ $value | humanizeDuration }}',
          },
        },
      ],
    },
    {
      name: 'slipway-serving',
      rules: [
        {
          record: RECORDED.requestRate,
          expr: `sum by (${BY_VERSION}) (rate(slipway_inference_requests_total[5m]))`,
        },
        {
          record: RECORDED.errorRatio,
          expr: `sum by (${BY_VERSION}) (rate(slipway_inference_requests_total{status!="ok"}[5m])) / sum by (${BY_VERSION}) (rate(slipway_inference_requests_total[5m]))`,
        },
        {
          record: RECORDED.latencyP99,
          expr: `histogram_quantile(0.99, sum by (${BY_VERSION}, le) (rate(slipway_inference_request_duration_seconds_bucket[5m])))`,
        },
        {
          alert: 'SlipwayHighErrorRate',
          expr: `${RECORDED.errorRatio} > ${o.errorRate}`,
          for: o.for,
          labels: { severity: 'critical' },
          annotations: {
            summary:
              '{{ $labels.deployment }} version {{ $labels.model_version }} fails {{ $value | humanizePercentage }} of requests',
          },
        },
        {
          alert: 'SlipwayHighLatencyP99',
          expr: `${RECORDED.latencyP99} > ${o.latencyP99Seconds}`,
          for: o.for,
          labels: { severity: 'warning' },
          annotations: {
            summary:
              '{{ $labels.deployment }} version {{ $labels.model_version }} p99 latency is {{ $value | humanizeDuration }}',
          },
        },
      ],
    },
  ];
  return `# Prometheus alerting rules for Slipway (slipway monitors prometheus-rules).\n${stringify({ groups }, { lineWidth: 0 })}`;
}
