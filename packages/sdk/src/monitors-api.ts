import { nativeRoutes as r } from '@slipway/core';
import type { MonitorSpecInput, RouteResponse } from '@slipway/core';
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
}

function epochMs(time: Date | number | undefined): number | undefined {
  return time instanceof Date ? time.getTime() : time;
}
