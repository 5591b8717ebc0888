import { formatDurationMs } from '@slipway/core';
import type { Monitor } from '@slipway/sdk';

type Spec = Monitor['spec'];

/** "traffic from 14d to 7d before each run", "dataset runs:/…/ref.csv". */
export function describeReference(reference: Spec['reference']): string {
  if (reference.type === 'traffic') {
    const version = reference.version === undefined ? '' : ` of version ${reference.version}`;
    return `traffic${version} from ${formatDurationMs(reference.from)} to ${formatDurationMs(reference.to)} before each run`;
  }
  return `${reference.type} ${reference.uri}`;
}

/** "the last 1h", "the last 500 predictions". */
export function describeWindow(window: Spec['window']): string {
  if (window.duration !== undefined) return `the last ${formatDurationMs(window.duration)}`;
  return `the last ${window.last ?? 0} predictions`;
}

/** "every 15m", or "when asked" without a schedule. */
export function describeSchedule(schedule: Spec['schedule']): string {
  return schedule === undefined ? 'when asked' : `every ${formatDurationMs(schedule.every)}`;
}
