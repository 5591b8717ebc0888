import { randomUUID } from 'node:crypto';
import { INITIAL_ALERT_STATE, alertObservation, evaluateAlertRule } from '@slipway/core';
import type {
  AlertEvaluation,
  AlertEventView,
  AlertRule,
  AlertState,
  AlertStateView,
  AlertStore,
  MonitorAlert,
  MonitorRunResult,
  MonitorSpec,
  MonitorVersionResult,
  RetrainingTriggerView,
} from '@slipway/core';

const keyOf = (alert: string, version: string | null) => `${alert}\u0000${version ?? ''}`;

function ruleOf(alert: MonitorAlert): AlertRule {
  return {
    metric: alert.metric,
    comparison: alert.op,
    threshold: alert.threshold,
    consecutive: alert.for,
    cooldownMs: alert.cooldown,
    resolveAfter: alert.resolveAfter,
  };
}

/** The version results an alert judges: all traffic (even a failed run's), or each version. */
function scopesOf(
  alert: MonitorAlert,
  run: MonitorRunResult,
): Array<{ version: string | null; result: MonitorVersionResult | undefined }> {
  if (alert.versions === 'each') {
    return run.results
      .filter((r) => r.version !== null)
      .map((result) => ({ version: result.version, result }));
  }
  return [{ version: null, result: run.results.find((r) => r.version === null) }];
}

function coreState(view: AlertStateView | undefined): AlertState {
  if (view === undefined) return INITIAL_ALERT_STATE;
  return {
    status: view.status,
    breaches: view.breaches,
    oks: view.oks,
    lastFiredAt: view.lastFiredAt,
  };
}

/**
 * Evaluates every alert of a monitor on one stored run: the next state per alert (and version),
 * the firings and resolutions, and a retraining trigger for a firing alert with `retrain` unless
 * the alert recorded one within its retrain cooldown. Writes nothing; the caller stores the
 * evaluation in one transaction.
 */
export async function evaluateMonitorAlerts(
  spec: MonitorSpec,
  run: MonitorRunResult,
  store: Pick<AlertStore, 'states' | 'latestTrigger'>,
): Promise<AlertEvaluation> {
  const evaluation: AlertEvaluation = { monitor: spec.name, states: [], events: [], triggers: [] };
  const alerts = spec.alerts ?? [];
  if (alerts.length === 0) return evaluation;
  const previous = new Map(
    (await store.states(spec.name)).map((s) => [keyOf(s.alert, s.version), s]),
  );
  const now = run.time;
  for (const alert of alerts) {
    for (const { version, result } of scopesOf(alert, run)) {
      const before = previous.get(keyOf(alert.name, version));
      const observation = alertObservation(result, run.error !== undefined);
      const value = observation[alert.metric];
      if (value === undefined || Number.isNaN(value)) continue;
      const next = evaluateAlertRule(coreState(before), observation, ruleOf(alert), now);
      const rule = {
        monitor: spec.name,
        deployment: spec.deployment,
        alert: alert.name,
        version,
        metric: alert.metric,
        op: alert.op,
        threshold: alert.threshold,
        severity: alert.severity,
      };
      const resolved = next.transitions.find((t) => t.type === 'resolved');
      const lastResolvedAt = resolved?.at ?? before?.lastResolvedAt;
      evaluation.states.push({
        ...rule,
        status: next.state.status,
        breaches: next.state.breaches,
        oks: next.state.oks,
        lastValue: value,
        ...(next.state.lastFiredAt === undefined ? {} : { lastFiredAt: next.state.lastFiredAt }),
        ...(lastResolvedAt === undefined ? {} : { lastResolvedAt }),
        updatedAt: now,
      });
      for (const t of next.transitions) {
        const event: AlertEventView = {
          id: randomUUID(),
          ...rule,
          type: t.type,
          time: t.at,
          value: t.value,
          ...(run.id === undefined ? {} : { runId: run.id }),
        };
        evaluation.events.push(event);
        if (t.type === 'fired' && alert.retrain !== undefined) {
          const trigger = await retrainingTrigger(store, alert, event, alert.retrain.cooldown);
          if (trigger !== undefined) evaluation.triggers.push(trigger);
        }
      }
    }
  }
  return evaluation;
}

async function retrainingTrigger(
  store: Pick<AlertStore, 'latestTrigger'>,
  alert: MonitorAlert,
  event: AlertEventView,
  cooldownMs: number,
): Promise<RetrainingTriggerView | undefined> {
  const latest = await store.latestTrigger(event.monitor, alert.name, event.version);
  if (latest !== undefined && event.time - latest.time < cooldownMs) return undefined;
  return {
    id: randomUUID(),
    monitor: event.monitor,
    deployment: event.deployment,
    alert: alert.name,
    version: event.version,
    metric: event.metric,
    value: event.value,
    threshold: event.threshold,
    time: event.time,
    status: 'pending',
  };
}
