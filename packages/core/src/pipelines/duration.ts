import { invalidArgument } from '../errors.js';
import { parseDurationMs } from '../deployments/duration.js';

export const DURATION_EXAMPLES = '500ms, 30s, 10m, 2h or 1d';

/**
 * Milliseconds of a duration such as `500ms`, `30s`, `10m`, `2h`, `1d` or `1m30s` (core's one
 * duration grammar, shared with deployments and monitors). INVALID_ARGUMENT otherwise; `what`
 * names the field in the message, e.g. `step train: timeout`.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    throw invalidArgument(
      `${what} must be a duration such as ${DURATION_EXAMPLES} (got ${JSON.stringify(text)})`,
    );
  }
  return ms;
}
