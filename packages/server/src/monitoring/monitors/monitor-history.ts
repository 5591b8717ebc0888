import { invalidArgument } from '@slipway/core';
import type { SlipwayError } from '@slipway/core';

export const DEFAULT_HISTORY_RESULTS = 100;
export const MAX_HISTORY_RESULTS = 1000;

/** Which stored runs of a monitor to return, newest first. */
export interface MonitorHistoryRequest {
  /** Inclusive bounds on the run time, ms since the epoch. */
  from?: number | undefined;
  to?: number | undefined;
  /** Only this model version's results. */
  version?: string | undefined;
  /** Runs to return (default 100, at most 1000); page back with `to` = the oldest time - 1. */
  maxResults?: number | undefined;
}

/** INVALID_ARGUMENT for a request no history can answer; undefined when it is fine. */
export function invalidHistoryQuery(request: MonitorHistoryRequest): SlipwayError | undefined {
  const { from, to, maxResults } = request;
  if (from !== undefined && to !== undefined && from > to) {
    return invalidArgument(`'from' (${from}) is after 'to' (${to}).`);
  }
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_HISTORY_RESULTS)
  ) {
    return invalidArgument(
      `maxResults must be a whole number from 1 to ${MAX_HISTORY_RESULTS}, got ${maxResults}.`,
    );
  }
  return undefined;
}
