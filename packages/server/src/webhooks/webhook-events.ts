import { invalidArgument } from '@slipway/core';

/**
 * MLflow 3's webhook events (entities.webhook VALID_ENTITY_ACTIONS), as `entity.action`. Prompt
 * events are accepted so MLflow users' subscriptions carry over; Slipway has no prompts, so they
 * never fire.
 */
const ENTITY_ACTIONS: Record<string, readonly string[]> = {
  registered_model: ['created'],
  model_version: ['created'],
  model_version_tag: ['set', 'deleted'],
  model_version_alias: ['created', 'deleted'],
  prompt: ['created'],
  prompt_version: ['created'],
  prompt_tag: ['set', 'deleted'],
  prompt_version_tag: ['set', 'deleted'],
  prompt_alias: ['created', 'deleted'],
  // Slipway's own: monitor alerts and the retraining triggers they record.
  monitor_alert: ['fired', 'resolved'],
  retraining_trigger: ['created'],
};

/** The proto's enum names, in proto order (value n is names[n - 1]). */
export const WEBHOOK_ENTITY_NAMES = Object.keys(ENTITY_ACTIONS).map((e) => e.toUpperCase());
export const WEBHOOK_ACTION_NAMES = [
  'CREATED',
  'UPDATED',
  'DELETED',
  'SET',
  'FIRED',
  'RESOLVED',
] as const;

export interface WireWebhookEvent {
  entity: string;
  action: string;
}

/** `{ entity: 'MODEL_VERSION', action: 'CREATED' }` -> `model_version.created`, checked. */
export function eventFromWire(event: WireWebhookEvent): string {
  const entity = event.entity.toLowerCase();
  const action = event.action.toLowerCase();
  const valid = ENTITY_ACTIONS[entity];
  if (valid === undefined) {
    throw invalidArgument(`Invalid webhook entity '${event.entity}'.`);
  }
  if (!valid.includes(action)) {
    throw invalidArgument(
      `Invalid action '${action}' for entity '${entity}'. Valid actions are: [${valid.map((a) => `'${a}'`).join(', ')}]`,
    );
  }
  return `${entity}.${action}`;
}

export function eventToWire(event: string): WireWebhookEvent {
  const [entity = '', action = ''] = event.split('.');
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

/** An alert of Slipway's own events, for the test endpoint's examples. */
const EXAMPLE_ALERT = {
  id: '00000000-0000-4000-8000-000000000000',
  monitor: 'example-monitor',
  deployment: 'example-deployment',
  alert: 'feature-drift',
  version: null,
  metric: 'drift.share',
  op: '>=',
  threshold: 0.5,
  severity: 'warning',
  time: 0,
};

/** The example payloads MLflow's test endpoint sends (webhooks.types `example()`). */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'registered_model.created': {
    name: 'example_model',
    tags: { example_key: 'example_value' },
    description: 'An example registered model',
  },
  'model_version.created': {
    name: 'example_model',
    version: '1',
    source: 'runs:/abcd1234abcd5678/model',
    run_id: 'abcd1234abcd5678',
    tags: { example_key: 'example_value' },
    description: 'An example model version',
  },
  'model_version_tag.set': {
    name: 'example_model',
    version: '1',
    key: 'example_key',
    value: 'example_value',
  },
  'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' },
  'monitor_alert.fired': { ...EXAMPLE_ALERT, type: 'fired', value: 0.6 },
  'monitor_alert.resolved': { ...EXAMPLE_ALERT, type: 'resolved', value: 0.1 },
  'retraining_trigger.created': {
    id: EXAMPLE_ALERT.id,
    monitor: EXAMPLE_ALERT.monitor,
    deployment: EXAMPLE_ALERT.deployment,
    alert: EXAMPLE_ALERT.alert,
    version: null,
    metric: EXAMPLE_ALERT.metric,
    value: 0.6,
    threshold: EXAMPLE_ALERT.threshold,
    time: 0,
    status: 'pending',
  },
};

export function examplePayload(event: string): Record<string, unknown> {
  return EXAMPLES[event] ?? { name: 'example' };
}
