import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AlertStateView, MonitorRunResult } from '@slipway/core';

const VERSION_LABELS = ['monitor', 'deployment', 'version'] as const;
const FEATURE_LABELS = [...VERSION_LABELS, 'feature', 'stattest'] as const;
const ALERT_LABELS = [...VERSION_LABELS, 'alert', 'severity'] as const;

/** The all-traffic result has no version; Prometheus labels cannot be null. */
const ALL_VERSIONS = 'all';

/**
 * The latest stored result of each monitor as gauges, so Prometheus alerts on drift without
 * reading the result history. A new result replaces the monitor's series, so features or versions
 * that dropped out of the window stop being exported.
 */
export class MonitorMetrics {
  private readonly driftScore: Gauge<(typeof FEATURE_LABELS)[number]>;
  private readonly featureDrifted: Gauge<(typeof FEATURE_LABELS)[number]>;
  private readonly datasetDrift: Gauge<(typeof VERSION_LABELS)[number]>;
  private readonly driftShare: Gauge<(typeof VERSION_LABELS)[number]>;
  private readonly lastRun: Gauge<'monitor'>;
  private readonly performance: Gauge<(typeof VERSION_LABELS)[number] | 'metric'>;
  private readonly alertFiring: Gauge<(typeof ALERT_LABELS)[number]>;
  /** The series each monitor set, to remove them: prom-client removes by full label set only. */
  private readonly series = new Map<string, Array<[Gauge<string>, Record<string, string>]>>();
  /** The alert series of each monitor (they change with alert evaluations, not with runs). */
  private readonly alertSeries = new Map<string, Map<string, Record<string, string>>>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.driftScore = new Gauge({
      name: 'slipway_monitor_drift_score',
      help: "A monitored feature's drift score (p-value or distance, see the stattest label).",
      labelNames: FEATURE_LABELS,
      registers,
    });
    this.featureDrifted = new Gauge({
      name: 'slipway_monitor_feature_drifted',
      help: 'Whether a monitored feature drifted in the latest run (1) or not (0).',
      labelNames: FEATURE_LABELS,
      registers,
    });
    this.datasetDrift = new Gauge({
      name: 'slipway_monitor_dataset_drift',
      help: "Whether the monitor's latest run found dataset drift (1) or not (0).",
      labelNames: VERSION_LABELS,
      registers,
    });
    this.driftShare = new Gauge({
      name: 'slipway_monitor_drift_share',
      help: 'Share of the monitored features that drifted in the latest run (0..1).',
      labelNames: VERSION_LABELS,
      registers,
    });
    this.lastRun = new Gauge({
      name: 'slipway_monitor_last_run_timestamp_seconds',
      help: 'When the monitor last ran (Unix time in seconds), failed runs included.',
      labelNames: ['monitor'],
      registers,
    });
    this.performance = new Gauge({
      name: 'slipway_monitor_performance',
      help: 'A performance metric of the latest run, from the ground truth in its window.',
      labelNames: [...VERSION_LABELS, 'metric'],
      registers,
    });
    this.alertFiring = new Gauge({
      name: 'slipway_monitor_alert_firing',
      help: "Whether a monitor's alert is firing (1) or not (0), per model version for versions: each.",
      labelNames: ALERT_LABELS,
      registers,
    });
  }

  /** Sets the alert gauges of `states` (one monitor's, as evaluated or loaded at startup). */
  recordAlerts(monitor: string, states: readonly AlertStateView[]): void {
    let series = this.alertSeries.get(monitor);
    if (series === undefined) {
      series = new Map();
      this.alertSeries.set(monitor, series);
    }
    for (const state of states) {
      const labels = {
        monitor,
        deployment: state.deployment,
        version: state.version ?? ALL_VERSIONS,
        alert: state.alert,
        severity: state.severity,
      };
      const key = `${state.alert}\u0000${labels.version}`;
      const old = series.get(key);
      if (old !== undefined && old['severity'] !== labels.severity) this.alertFiring.remove(old);
      this.alertFiring.set(labels, state.status === 'firing' ? 1 : 0);
      series.set(key, labels);
    }
  }

  /** Drops alert series whose alert left the spec. */
  keepAlerts(monitor: string, alerts: readonly string[]): void {
    const series = this.alertSeries.get(monitor);
    if (series === undefined) return;
    for (const [key, labels] of series) {
      if (!alerts.includes(labels['alert']!)) {
        this.alertFiring.remove(labels);
        series.delete(key);
      }
    }
  }

  /** Replaces the monitor's series with those of `run`. */
  record(run: MonitorRunResult): void {
    this.clearSeries(run.monitor);
    this.lastRun.labels(run.monitor).set(run.time / 1000);
    const set = this.setter(run.monitor);
    for (const result of run.results) {
      const labels = {
        monitor: run.monitor,
        deployment: run.deployment,
        version: result.version ?? ALL_VERSIONS,
      };
      const { drift, performance } = result;
      if (drift !== undefined) {
        set(this.datasetDrift, labels, drift.datasetDrift ? 1 : 0);
        set(this.driftShare, labels, drift.driftShare);
        for (const column of drift.columns) {
          if (column.score === null) continue;
          const feature = { ...labels, feature: column.column, stattest: column.stattest ?? '' };
          set(this.driftScore, feature, column.score);
          set(this.featureDrifted, feature, column.driftDetected ? 1 : 0);
        }
      }
      for (const [metric, value] of Object.entries(performance?.metrics ?? {})) {
        if (value.value !== null) set(this.performance, { ...labels, metric }, value.value);
      }
    }
  }

  /** Drops every series of a deleted monitor. */
  remove(monitor: string): void {
    this.clearSeries(monitor);
    this.lastRun.remove(monitor);
    this.keepAlerts(monitor, []);
    this.alertSeries.delete(monitor);
  }

  private setter(monitor: string) {
    const list: Array<[Gauge<string>, Record<string, string>]> = [];
    this.series.set(monitor, list);
    return <L extends string>(gauge: Gauge<L>, labels: Record<L, string>, value: number) => {
      gauge.set(labels, value);
      list.push([gauge as unknown as Gauge<string>, labels]);
    };
  }

  private clearSeries(monitor: string): void {
    for (const [gauge, labels] of this.series.get(monitor) ?? []) gauge.remove(labels);
    this.series.delete(monitor);
  }
}
