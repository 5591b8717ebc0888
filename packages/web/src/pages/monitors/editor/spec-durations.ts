import { formatDurationMs } from '@slipway/core';
import type { Monitor } from '@slipway/sdk';

type Spec = Monitor['spec'];

/** A copy of `value` with `key` replaced, when it is there: keeps the other keys' order. */
function withText<T extends object>(value: T, key: keyof T): T {
  const ms = value[key];
  return typeof ms === 'number' ? { ...value, [key]: formatDurationMs(ms) } : value;
}

/**
 * The stored spec (durations in milliseconds, defaults filled in) as a person would write it:
 * every duration back as text (3600000 -> "1h"), which the server parses to the same spec, and
 * the fields in the order of the spec's documentation.
 */
export function editableSpec(spec: Spec): Record<string, unknown> {
  const reference =
    spec.reference.type === 'traffic'
      ? withText(withText(spec.reference, 'from'), 'to')
      : spec.reference;
  const alerts = spec.alerts?.map((alert) => {
    const { retrain, ...rest } = withText(alert, 'cooldown');
    return retrain === undefined
      ? rest
      : { ...rest, retrain: { cooldown: formatDurationMs(retrain.cooldown) } };
  });
  const ordered: Record<string, unknown> = {
    name: spec.name,
    deployment: spec.deployment,
    description: spec.description,
    features: spec.features,
    reference,
    window: withText(spec.window, 'duration'),
    schedule: spec.schedule === undefined ? undefined : withText(spec.schedule, 'every'),
    minRows: spec.minRows,
    drift: spec.drift,
    validation: spec.validation,
    performance: spec.performance,
    alerts,
  };
  return Object.fromEntries(Object.entries(ordered).filter(([, v]) => v !== undefined));
}
