import { SlipwayError, notFound } from '@slipway/core';
import type {
  AlertEventView,
  AlertStateView,
  AlertStore,
  Caller,
  MonitorRecord,
  MonitorRunResult,
  MonitorSpec,
  MonitorStore,
  RetrainingTriggerView,
  WebhookStore,
} from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import type { Logger } from '../../logging/logger.js';
import type { MonitorMetrics } from '../../serving/metrics/monitor-metrics.js';
import type { ServiceClock } from '../../support/clock.js';
import { evaluateMonitorAlerts } from './alert-evaluator.js';

/** Where alert events go besides the log: the webhook dispatcher's `publish`. */
export interface AlertPublisher {
  /** `subject` (the alert event's or trigger's id) is kept on the deliveries, to list them with it. */
  publish(event: string, data: Record<string, unknown>, subject?: string): void;
}

export interface AlertServiceDeps {
  store: AlertStore;
  /** The webhook delivery log, to show each event's deliveries. */
  deliveries: Pick<WebhookStore, 'deliveriesAbout'>;
  monitors: Pick<MonitorStore, 'get' | 'list'>;
  access: AccessService;
  publisher: AlertPublisher;
  metrics: MonitorMetrics;
  clock: ServiceClock;
  logger: Logger;
}

export interface AlertEventsRequest {
  from?: number | undefined;
  to?: number | undefined;
  maxResults?: number | undefined;
}

export interface RetrainingTriggersRequest {
  deployment?: string | undefined;
  status?: 'pending' | 'claimed' | undefined;
  maxResults?: number | undefined;
}

const DEFAULT_RESULTS = 100;

type DeliveryRow = Awaited<ReturnType<WebhookStore['deliveriesAbout']>>[number];

/**
 * Monitor alerts: evaluated after every stored run, their states and events kept, firings and
 * resolutions delivered to the log and to webhooks (`monitor_alert.fired` / `.resolved`), and
 * retraining triggers recorded for pipelines (`retraining_trigger.created`). Reading needs READ on
 * the monitor's deployment; claiming a trigger needs EDIT, since it starts a retraining.
 */
export class AlertService {
  private readonly logger: Logger;

  constructor(private readonly deps: AlertServiceDeps) {
    this.logger = deps.logger.child({ module: 'alerts' });
  }

  /** After a stored run: new states, events and triggers in one write, then their deliveries. */
  async evaluate(spec: MonitorSpec, run: MonitorRunResult): Promise<void> {
    const { store, publisher, metrics } = this.deps;
    const evaluation = await evaluateMonitorAlerts(spec, run, store);
    await store.record(evaluation);
    metrics.recordAlerts(spec.name, evaluation.states);
    for (const event of evaluation.events) {
      const message = `alert ${event.alert} of monitor ${event.monitor} ${event.type}: ${event.metric} = ${event.value} (${event.op} ${event.threshold})${event.version === null ? '' : ` on version ${event.version}`}`;
      if (event.type === 'fired') this.logger.warn({ alertEvent: event }, message);
      else this.logger.info({ alertEvent: event }, message);
      publisher.publish(`monitor_alert.${event.type}`, { ...event }, event.id);
    }
    for (const trigger of evaluation.triggers) {
      this.logger.info(
        { retrainingTrigger: trigger },
        `retraining trigger ${trigger.id} recorded for deployment ${trigger.deployment}`,
      );
      publisher.publish('retraining_trigger.created', { ...trigger }, trigger.id);
    }
  }

  /** A spec changed: states of alerts it no longer has go (a renamed alert starts afresh). */
  async specChanged(spec: MonitorSpec): Promise<void> {
    const names = (spec.alerts ?? []).map((a) => a.name);
    await this.deps.store.pruneStates(spec.name, names);
    this.deps.metrics.keepAlerts(spec.name, names);
  }

  async monitorDeleted(name: string): Promise<void> {
    await this.deps.store.deleteMonitor(name);
  }

  /** At startup: the alert gauges from the stored states, so a restart does not hide a firing. */
  async restoreGauges(): Promise<void> {
    for (const record of await this.deps.monitors.list()) {
      this.deps.metrics.recordAlerts(record.name, await this.deps.store.states(record.name));
    }
  }

  async states(caller: Caller, monitor: string): Promise<AlertStateView[]> {
    await this.readable(caller, monitor);
    return this.deps.store.states(monitor);
  }

  async events(
    caller: Caller,
    monitor: string,
    request: AlertEventsRequest,
  ): Promise<AlertEventView[]> {
    if (request.from !== undefined && request.to !== undefined && request.from > request.to) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `from (${request.from}) must not be after to (${request.to}).`,
      });
    }
    await this.readable(caller, monitor);
    const events = await this.deps.store.events({
      monitor,
      from: request.from,
      to: request.to,
      limit: request.maxResults ?? DEFAULT_RESULTS,
    });
    const bySubject = new Map<string, DeliveryRow[]>();
    for (const d of await this.deps.deliveries.deliveriesAbout(events.map((e) => e.id))) {
      const list = bySubject.get(d.subject ?? '');
      if (list === undefined) bySubject.set(d.subject ?? '', [d]);
      else list.push(d);
    }
    return events.map((event) => ({
      ...event,
      deliveries: (bySubject.get(event.id) ?? []).map((d) => ({
        webhookId: d.webhookId,
        webhookName: d.webhookName,
        attempt: d.attempt,
        time: d.time,
        ...(d.statusCode === undefined ? {} : { statusCode: d.statusCode }),
        ...(d.error === undefined ? {} : { error: d.error }),
        ...(d.nextAttemptAt === undefined ? {} : { nextAttemptAt: d.nextAttemptAt }),
      })),
    }));
  }

  /** Triggers of the deployments the caller may read. */
  async triggers(
    caller: Caller,
    request: RetrainingTriggersRequest,
  ): Promise<RetrainingTriggerView[]> {
    const { access, store } = this.deps;
    const limit = request.maxResults ?? DEFAULT_RESULTS;
    if (request.deployment !== undefined) {
      await access.require(caller, 'deployment', request.deployment, 'read');
      return store.triggers({ deployments: [request.deployment], status: request.status, limit });
    }
    if (caller.isAdmin) return store.triggers({ status: request.status, limit });
    const deployments = [...new Set((await this.deps.monitors.list()).map((m) => m.deployment))];
    const allowed = await Promise.all(
      deployments.map((d) => access.can(caller, 'deployment', d, 'read')),
    );
    return store.triggers({
      deployments: deployments.filter((_, i) => allowed[i]),
      status: request.status,
      limit,
    });
  }

  /** Claims a pending trigger for the caller; CONFLICT when it was claimed already. */
  async claim(caller: Caller, id: string): Promise<RetrainingTriggerView> {
    const { access, store, clock } = this.deps;
    const trigger = await store.getTrigger(id);
    if (trigger === undefined) {
      throw notFound(
        `No retraining trigger '${id}'; see \`slipway monitors triggers\` for pending ones.`,
      );
    }
    await access.require(caller, 'deployment', trigger.deployment, 'update');
    const claimed = await store.claimTrigger(id, caller.username, clock.now());
    if (claimed === undefined) {
      const now = await store.getTrigger(id);
      throw new SlipwayError({
        code: 'CONFLICT',
        message: `Retraining trigger '${id}' was already claimed${now?.claimedBy === undefined ? '' : ` by ${now.claimedBy}`}.`,
      });
    }
    return claimed;
  }

  private async readable(caller: Caller, monitor: string): Promise<MonitorRecord> {
    const record = await this.deps.monitors.get(monitor);
    if (record === undefined) {
      throw notFound(`No monitor named '${monitor}'; see \`slipway monitors list\`.`);
    }
    await this.deps.access.require(caller, 'deployment', record.deployment, 'read');
    return record;
  }
}
