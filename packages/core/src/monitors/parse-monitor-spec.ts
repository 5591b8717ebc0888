import { parseSpec } from '../validation/spec-issues.js';
import { MONITOR_REFERENCE_TYPES, monitorSpecSchema } from './monitor-spec.js';
import type { MonitorSpec } from './monitor-spec.js';

/**
 * Validates a monitor spec (parsed from YAML or JSON) and fills its defaults; INVALID_ARGUMENT
 * naming each problem by field path otherwise, e.g. `window: give either duration or last`.
 */
export function parseMonitorSpec(input: unknown): MonitorSpec {
  return parseSpec(monitorSpecSchema, input, 'monitor spec', MONITOR_REFERENCE_TYPES);
}
