import { nativeRoutes as r } from '@slipway/core';
import type {
  AlertEventView,
  AlertStateView,
  MonitorSpecInput,
  RouteResponse,
} from '@slipway/core';
import type { Transport } from './transport.js';

/** A stored monitor: its spec (defaults filled in, durations in ms) and who made it when. */
export type Monitor = RouteResponse<typeof r.getMonitor>['monitor'];
/** One run of a monitor: its window and a result per model version plus one for all traffic. */
export type MonitorRun = RouteResponse<typeof r.runMonitor>;

export interface ApplyMonitorResult {
  monitor: Monitor;
  /** True when the monitor did not exist before. */
  created: boolean;
}

export interface AlertEventsOptions {
  /** Inclusive lower bound on the event time: a Date or ms since the Unix epoch. */
  from?: Date | number | undefined;
  /** Inclusive upper bound on the event time: a Date or ms since the Unix epoch. */
  to?: Date | number | undefined;
  /** Events to return (default 100, at most 1000). */
  maxResults?: number | undefined;
}

export interface MonitorHistoryOptions {
  /** Inclusive lower bound on the run time: a Date or ms since the Unix epoch. */
  from?: Date | number | undefined;
  /** Inclusive upper bound on the run time: a Date or ms since the Unix epoch. */
  to?: Date | number | undefined;
  /** Only runs that judged this model version, each with that version's result only. */
  version?: string | undefined;
  /** Runs to return (default 100, at most 1000). */
  maxResults?: number | undefined;
}

/**
 * Monitors: a deployment's traffic compared with a reference on a schedule (drift, data
 * validation, performance from ground truth), judged per model version, every result stored.
 * Changing or running a monitor needs EDIT on its deployment; reading it needs READ.
 *
 * @example
 * ```ts
 * await client.monitors.apply({
 *   name: 'fraud-drift',
 *   deployment: 'fraud',
 *   reference: { type: 'traffic', from: '14d', to: '7d' },
 *   window: { duration: '1h' },
 *   schedule: { every: '15m' },
 * });
 * const run = await client.monitors.run('fraud-drift');
 * for (const r of run.results) console.log(r.version ?? 'all', r.drift?.datasetDrift);
 * ```
 */
export class MonitorsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates or replaces a monitor. Takes the spec as an object, or as YAML / JSON text (sent as
   * YAML, so a spec file can be passed as read).
   *
   * @example
   * ```ts
   * const { created } = await client.monitors.apply(readFileSync('monitor.yaml', 'utf8'));
   * ```
   */
  async apply(spec: MonitorSpecInput | string): Promise<ApplyMonitorResult> {
    if (typeof spec === 'string') {
      return this.transport.call(r.applyMonitor, {
        rawBody: { text: spec, contentType: 'application/yaml' },
      });
    }
    return this.transport.call(r.applyMonitor, { body: spec });
  }

  /**
   * The monitors of the deployments you may read, by name.
   *
   * @example
   * ```ts
   * const monitors = await client.monitors.list({ deployment: 'fraud' });
   * ```
   */
  async list(options: { deployment?: string | undefined } = {}): Promise<Monitor[]> {
    const { monitors } = await this.transport.call(r.listMonitors, {
      query: { deployment: options.deployment },
    });
    return monitors;
  }

  /**
   * One monitor.
   *
   * @example
   * ```ts
   * const { spec } = await client.monitors.get('fraud-drift');
   * ```
   */
  async get(name: string): Promise<Monitor> {
    return (await this.transport.call(r.getMonitor, { params: { name } })).monitor;
  }

  /**
   * Deletes a monitor, its schedule and its stored results.
   *
   * @example
   * ```ts
   * await client.monitors.delete('fraud-drift');
   * ```
   */
  async delete(name: string): Promise<void> {
    await this.transport.call(r.deleteMonitor, { params: { name } });
  }

  /**
   * Runs a monitor now; the result is stored like a scheduled one. A run that fails as a whole
   * resolves with `error` set rather than throwing.
   *
   * @example
   * ```ts
   * const run = await client.monitors.run('fraud-drift');
   * if (run.error !== undefined) console.error(run.error);
   * ```
   */
  async run(name: string): Promise<MonitorRun> {
    return this.transport.call(r.runMonitor, { params: { name } });
  }

  /**
   * Stored runs, newest first. Page back with `to` = the oldest time returned - 1.
   *
   * @example
   * ```ts
   * const runs = await client.monitors.history('fraud-drift', { version: '3', maxResults: 24 });
   * ```
   */
  async history(name: string, options: MonitorHistoryOptions = {}): Promise<MonitorRun[]> {
    const { from, to, ...rest } = options;
    const { runs } = await this.transport.call(r.getMonitorHistory, {
      params: { name },
      query: { ...rest, from: epochMs(from), to: epochMs(to) },
    });
    return runs;
  }

  /**
   * Creates or replaces the monitor `name` (PUT): the spec's own `name` may be left out, and must
   * match when given. Takes the spec as an object, or as YAML / JSON text (sent as YAML).
   *
   * @example
   * ```ts
   * await client.monitors.put('fraud-drift', readFileSync('monitor.yaml', 'utf8'));
   * ```
   */
  async put(name: string, spec: MonitorSpecInput | string): Promise<ApplyMonitorResult> {
    if (typeof spec === 'string') {
      return this.transport.call(r.putMonitor, {
        params: { name },
        rawBody: { text: spec, contentType: 'application/yaml' },
      });
    }
    return this.transport.call(r.putMonitor, { params: { name }, body: spec });
  }

  /**
   * The state of each of the monitor's alerts (one per version for `versions: each`); an alert
   * not evaluated yet has none.
   *
   * @example
   * ```ts
   * const firing = (await client.monitors.alerts('fraud-drift')).filter((a) => a.status === 'firing');
   * ```
   */
  async alerts(name: string): Promise<AlertStateView[]> {
    return (await this.transport.call(r.listMonitorAlerts, { params: { name } })).alerts;
  }

  /**
   * The monitor's alert firings and resolutions, newest first.
   *
   * @example
   * ```ts
   * const events = await client.monitors.alertEvents('fraud-drift', { maxResults: 20 });
   * ```
   */
  async alertEvents(name: string, options: AlertEventsOptions = {}): Promise<AlertEventView[]> {
    const { from, to, maxResults } = options;
    const { events } = await this.transport.call(r.listMonitorAlertEvents, {
      params: { name },
      query: { from: epochMs(from), to: epochMs(to), maxResults },
    });
    return events;
  }

  /**
   * One stored run as a self-contained HTML report (its chart library inlined, so the file opens
   * offline): per version, drift by column with the reference and current distributions drawn,
   * failed expectations, performance and serving figures. Needs READ on the deployment.
   *
   * @example
   * ```ts
   * import { writeFileSync } from 'node:fs';
   *
   * const [latest] = await client.monitors.history('fraud-drift', { maxResults: 1 });
   * if (latest?.id !== undefined) {
   *   writeFileSync('report.html', await client.monitors.report('fraud-drift', latest.id));
   * }
   * ```
   */
  async report(name: string, runId: string): Promise<string> {
    const response = await this.transport.download(r.getMonitorRunReport, { name, runId });
    return response.text();
  }
}

function epochMs(time: Date | number | undefined): number | undefined {
  return time instanceof Date ? time.getTime() : time;
}
