import { notFound, parseMonitorSpec } from '@slipway/core';
import type {
  Caller,
  DeploymentStore,
  MonitorRecord,
  MonitorRunResult,
  MonitorSpec,
  MonitorStore,
} from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import { auditRecord } from '../../audit/audit-record.js';
import type { Logger } from '../../logging/logger.js';
import { reasonOf } from '../../logging/logger.js';
import type { MonitorMetrics } from '../../serving/metrics/monitor-metrics.js';
import type { ServiceClock } from '../../support/clock.js';
import { renderMonitorRunReport } from '../report/monitor-run-report-html.js';
import type { ReferenceAccess } from './artifact-uri-reader.js';
import { DEFAULT_HISTORY_RESULTS, invalidHistoryQuery } from './monitor-history.js';
import type { MonitorHistoryRequest } from './monitor-history.js';
import type { MonitorScheduler } from './monitor-scheduler.js';

/** What computes one run of a monitor (the MonitorRunner). */
export interface MonitorRunnerPort {
  run(
    spec: MonitorSpec,
    options: { now: number; trigger: 'schedule' | 'manual' },
  ): Promise<MonitorRunResult>;
}

/** What the alerts module does around a monitor's life (the AlertService). */
export interface MonitorAlertHooks {
  evaluate(spec: MonitorSpec, run: MonitorRunResult): Promise<void>;
  specChanged(spec: MonitorSpec): Promise<void>;
  monitorDeleted(name: string): Promise<void>;
}

export interface MonitorServiceDeps {
  store: MonitorStore;
  deployments: Pick<DeploymentStore, 'get'>;
  access: AccessService;
  runner: MonitorRunnerPort;
  /** Checks that the one applying a monitor may read its reference file. */
  references: ReferenceAccess;
  alerts: MonitorAlertHooks;
  metrics: MonitorMetrics;
  scheduler: MonitorScheduler;
  clock: ServiceClock;
  logger: Logger;
}

export interface ApplyMonitorResult {
  monitor: MonitorRecord;
  created: boolean;
}

/**
 * Monitors of deployments: stored specs, their schedules, and the time series of their results.
 * Permissions are those of the deployment: READ to see a monitor and its history, EDIT to change,
 * delete or run it (a run reads up to a million predictions and writes a result, so it is a change,
 * not a read). Every result is stored and exported as Prometheus gauges, a failed run included.
 */
export class MonitorService {
  private readonly logger: Logger;

  constructor(private readonly deps: MonitorServiceDeps) {
    this.logger = deps.logger.child({ module: 'monitors' });
  }

  /** Arms the schedules of the stored monitors (at startup, and periodically for other servers' changes). */
  async syncSchedules(): Promise<void> {
    await this.deps.scheduler.reconcile(await this.deps.store.list());
  }

  /** Creates or replaces a monitor; needs EDIT on its deployment (and on the old one when it moves). */
  async apply(caller: Caller, input: unknown): Promise<ApplyMonitorResult> {
    const spec = parseMonitorSpec(input);
    const { access, store, clock } = this.deps;
    await access.require(caller, 'deployment', spec.deployment, 'update');
    if ((await this.deps.deployments.get(spec.deployment)) === undefined) {
      throw notFound(
        `No deployment named '${spec.deployment}': apply the deployment before its monitors.`,
      );
    }
    // Scheduled runs read the reference with the server's rights: whoever points a monitor at a
    // file must be allowed to read it, or a monitor would leak other teams' data into results.
    if (spec.reference.type !== 'traffic') {
      await this.deps.references.requireReadable(caller, spec.reference.uri, access);
    }
    const before = await store.get(spec.name);
    if (before !== undefined && before.deployment !== spec.deployment) {
      await access.require(caller, 'deployment', before.deployment, 'update');
    }
    const now = clock.now();
    const record: MonitorRecord = {
      name: spec.name,
      deployment: spec.deployment,
      spec,
      createdBy: before?.createdBy ?? caller.username,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    const action = before === undefined ? 'monitor.create' : 'monitor.update';
    const { created } = await store.put(
      record,
      auditRecord(caller, now, action, 'deployment', spec.deployment, {
        ...(before === undefined ? {} : { before: { monitor: spec.name, spec: before.spec } }),
        after: { monitor: spec.name, spec },
      }),
    );
    await this.deps.scheduler.update(spec.name, record);
    await this.deps.alerts.specChanged(spec);
    return { monitor: record, created };
  }

  /** The monitors of the deployments the caller may read, by name. */
  async list(caller: Caller, deployment?: string): Promise<MonitorRecord[]> {
    const records = await this.deps.store.list(deployment);
    if (caller.isAdmin) return records;
    const readable = new Map<string, Promise<boolean>>();
    const can = (d: string) => {
      let answer = readable.get(d);
      if (answer === undefined) {
        answer = this.deps.access.can(caller, 'deployment', d, 'read');
        readable.set(d, answer);
      }
      return answer;
    };
    const allowed = await Promise.all(records.map((r) => can(r.deployment)));
    return records.filter((_, i) => allowed[i]);
  }

  /** Needs READ on its deployment. */
  async get(caller: Caller, name: string): Promise<MonitorRecord> {
    const record = await this.require(name);
    await this.deps.access.require(caller, 'deployment', record.deployment, 'read');
    return record;
  }

  /** Deletes the monitor and its results; needs EDIT on its deployment. */
  async delete(caller: Caller, name: string): Promise<void> {
    const record = await this.require(name);
    await this.deps.access.require(caller, 'deployment', record.deployment, 'update');
    const now = this.deps.clock.now();
    const deleted = await this.deps.store.delete(
      name,
      auditRecord(caller, now, 'monitor.delete', 'deployment', record.deployment, {
        before: { monitor: name, spec: record.spec },
      }),
    );
    if (!deleted) throw missing(name);
    await this.deps.scheduler.update(name, undefined);
    this.deps.metrics.remove(name);
    await this.deps.alerts.monitorDeleted(name);
  }

  /** Runs the monitor now and stores the result; needs EDIT (see the class comment). */
  async run(caller: Caller, name: string): Promise<MonitorRunResult> {
    const record = await this.require(name);
    await this.deps.access.require(caller, 'deployment', record.deployment, 'update');
    return this.runAndStore(record.spec, 'manual');
  }

  /** Stored runs, newest first; needs READ on its deployment. */
  async history(
    caller: Caller,
    name: string,
    request: MonitorHistoryRequest,
  ): Promise<MonitorRunResult[]> {
    const problem = invalidHistoryQuery(request);
    if (problem !== undefined) throw problem;
    const record = await this.get(caller, name);
    return this.deps.store.history({
      monitor: record.name,
      from: request.from,
      to: request.to,
      version: request.version,
      limit: request.maxResults ?? DEFAULT_HISTORY_RESULTS,
    });
  }

  /** The scheduled run of one monitor (its background job); a monitor deleted meanwhile is skipped. */
  async runScheduled(name: string): Promise<void> {
    const record = await this.deps.store.get(name);
    if (record === undefined) return;
    await this.runAndStore(record.spec, 'schedule');
  }

  /** Retention: deletes results older than `cutoff` (ms since the epoch). */
  deleteResultsBefore(cutoff: number): Promise<number> {
    return this.deps.store.deleteResultsBefore(cutoff);
  }

  private async runAndStore(
    spec: MonitorSpec,
    trigger: 'schedule' | 'manual',
  ): Promise<MonitorRunResult> {
    const now = this.deps.clock.now();
    let result: MonitorRunResult;
    try {
      result = await this.deps.runner.run(spec, { now, trigger });
    } catch (err) {
      // A failed run is a finding to keep in the history, not a server failure.
      this.logger.error(
        { err, monitor: spec.name, reason: reasonOf(err) },
        `monitor ${spec.name} failed`,
      );
      result = {
        monitor: spec.name,
        deployment: spec.deployment,
        time: now,
        windowStart: spec.window.duration === undefined ? now : now - spec.window.duration,
        windowEnd: now,
        trigger,
        error: reasonOf(err),
        results: [],
      };
    }
    const id = await this.deps.store.appendResult(result);
    this.deps.metrics.record(result);
    const stored = { ...result, id };
    try {
      await this.deps.alerts.evaluate(spec, stored);
    } catch (err) {
      // The run is stored; a failed alert evaluation is logged and retried by the next run.
      this.logger.error(
        { err, monitor: spec.name, reason: reasonOf(err) },
        `alerts of monitor ${spec.name} could not be evaluated`,
      );
    }
    return stored;
  }

  private async require(name: string): Promise<MonitorRecord> {
    const record = await this.deps.store.get(name);
    if (record === undefined) throw missing(name);
    return record;
  }

  /** One stored run as a self-contained HTML report; needs READ on its deployment. */
  async runReport(caller: Caller, name: string, runId: string): Promise<string> {
    const record = await this.get(caller, name);
    const run = await this.deps.store.getRun(record.name, runId);
    if (run === undefined) {
      throw notFound(
        `Monitor '${name}' has no run '${runId}'; run ids are in \`slipway monitors history ${name} --json\`.`,
      );
    }
    return renderMonitorRunReport({
      run,
      reference: record.spec.reference,
      generatedAt: new Date(this.deps.clock.now()),
    });
  }
}

function missing(name: string) {
  return notFound(`No monitor named '${name}'; see \`slipway monitors list\`.`);
}
