import type { NewAuditEvent } from '../access/audit-event.js';
import type { MonitorRunResult } from '../contract/monitor-results.js';
import type { MonitorSpec } from '../monitors/monitor-spec.js';

/** One stored monitor: its spec (defaults filled in) and who made it when. */
export interface MonitorRecord {
  name: string;
  deployment: string;
  spec: MonitorSpec;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** Which stored runs of one monitor to read: newest first, at most `limit` runs. */
export interface MonitorHistoryQuery {
  monitor: string;
  /** Inclusive bounds on the run time, ms since the epoch. */
  from?: number | undefined;
  to?: number | undefined;
  /** Only this model version's results (runs without one are left out). */
  version?: string | undefined;
  limit: number;
}

/**
 * Monitors and the time series of their results. A run is stored as one row per version result,
 * so history can be filtered by version and time in SQL. Writes of a monitor carry their audit
 * event, written in the same transaction. Deleting a monitor deletes its results.
 */
export interface MonitorStore {
  /** Creates or replaces the monitor; `created` tells which. */
  put(record: MonitorRecord, audit: NewAuditEvent): Promise<{ created: boolean }>;
  get(name: string): Promise<MonitorRecord | undefined>;
  /** By name; only one deployment's when given. */
  list(deployment?: string): Promise<MonitorRecord[]>;
  /** False when there was no such monitor (nothing is then audited). */
  delete(name: string, audit: NewAuditEvent): Promise<boolean>;
  /** Stores one run; returns its id. */
  appendResult(result: MonitorRunResult): Promise<string>;
  /** Newest first, each run with its id. */
  history(query: MonitorHistoryQuery): Promise<MonitorRunResult[]>;
  /** One stored run of the monitor, with its id; undefined when the monitor has no such run. */
  getRun(monitor: string, runId: string): Promise<MonitorRunResult | undefined>;
  /** Retention: deletes results of runs before `cutoff` (ms); returns the rows deleted. */
  deleteResultsBefore(cutoff: number): Promise<number>;
}
