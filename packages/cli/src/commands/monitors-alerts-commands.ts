import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { AlertEventView, AlertStateView } from '@slipway/core';
import type { RetrainingTrigger } from '@slipway/sdk';
import type { ActionFactory } from '../command-context.js';
import { clientCommand } from '../command-context.js';
import { parsePositiveInteger } from '../option-parsers.js';
import { table, time } from '../output.js';

const scope = (version: string | null) => (version === null ? 'all' : version);
const value = (v: number | null) => (v === null ? '-' : String(Number(v.toPrecision(6))));

export function alertStateRows(states: readonly AlertStateView[]): string[][] {
  return states.map((s) => [
    s.alert,
    scope(s.version),
    s.status === 'firing' ? 'FIRING' : 'ok',
    s.severity,
    `${s.metric} ${s.op} ${s.threshold}`,
    value(s.lastValue),
    time(s.status === 'firing' ? s.lastFiredAt : s.updatedAt),
  ]);
}

export function alertEventRows(events: readonly AlertEventView[]): string[][] {
  return events.map((e) => [
    time(e.time),
    e.alert,
    scope(e.version),
    e.type,
    `${e.metric} = ${value(e.value)} (${e.op} ${e.threshold})`,
  ]);
}

export function triggerRows(triggers: readonly RetrainingTrigger[]): string[][] {
  return triggers.map((t) => [
    t.id,
    time(t.time),
    t.deployment,
    `${t.monitor}/${t.alert}`,
    scope(t.version),
    t.status === 'claimed' ? `claimed by ${t.claimedBy ?? '?'}` : 'pending',
  ]);
}

function triggerStatus(text: string): 'pending' | 'claimed' {
  if (text === 'pending' || text === 'claimed') return text;
  throw new InvalidArgumentError('Expected pending or claimed.');
}

/** `slipway monitors alerts|triggers|claim-trigger`: alert states and events, retraining triggers. */
export function addMonitorAlertCommands(monitors: Command, action: ActionFactory): void {
  clientCommand(monitors.command('alerts'))
    .description("A monitor's alert states and its latest firings and resolutions")
    .argument('<name>', 'monitor name')
    .option('--max-results <n>', 'events to show (default 20)', parsePositiveInteger)
    .action(
      action<[string], { maxResults?: number }>(async (t, o, name) => {
        const [alerts, events] = await Promise.all([
          t.client.monitors.alerts(name),
          t.client.monitors.alertEvents(name, { maxResults: o.maxResults ?? 20 }),
        ]);
        t.result({ alerts, events }, () => [
          ...table(
            ['ALERT', 'VERSION', 'STATUS', 'SEVERITY', 'RULE', 'LAST VALUE', 'SINCE'],
            alertStateRows(alerts),
            'No alert evaluated yet (alerts are evaluated after each run).',
          ),
          '',
          ...table(
            ['TIME', 'ALERT', 'VERSION', 'EVENT', 'VALUE'],
            alertEventRows(events),
            'No events.',
          ),
        ]);
      }),
    );

  clientCommand(monitors.command('triggers'))
    .description('Retraining triggers recorded by alerts with retrain, newest first')
    .option('--deployment <name>', "only this deployment's")
    .option('--status <status>', 'pending or claimed', triggerStatus)
    .option('--max-results <n>', 'triggers to show (default 100)', parsePositiveInteger)
    .action(
      action<[], { deployment?: string; status?: 'pending' | 'claimed'; maxResults?: number }>(
        async (t, o) => {
          const triggers = await t.client.retrainingTriggers.list(o);
          t.result({ triggers }, () =>
            table(
              ['ID', 'TIME', 'DEPLOYMENT', 'MONITOR/ALERT', 'VERSION', 'STATUS'],
              triggerRows(triggers),
              'No retraining triggers.',
            ),
          );
        },
      ),
    );

  clientCommand(monitors.command('claim-trigger'))
    .description('Claim a pending retraining trigger before retraining (one claimant wins)')
    .argument('<id>', 'trigger id')
    .action(
      action<[string], object>(async (t, _o, id) => {
        const trigger = await t.client.retrainingTriggers.claim(id);
        t.result({ trigger }, () => [
          `Claimed retraining trigger ${trigger.id} of deployment ${trigger.deployment} (alert ${trigger.alert}: ${trigger.metric} = ${value(trigger.value)}).`,
        ]);
      }),
    );
}
