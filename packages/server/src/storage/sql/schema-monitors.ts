import type { Generated } from 'kysely';

/** One row per monitor; the spec is JSON text, read and written whole. */
export interface MonitorsTable {
  name: string;
  deployment: string;
  spec: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/**
 * One row per version result of a monitor run (`run_id` groups them; a run without results, such
 * as a failed one, has a single row with a null `result`). The run's window, trigger and error
 * repeat on each of its rows; the headline figures are columns so history can be filtered and
 * charted in SQL, and `result` holds the whole version result as JSON.
 */
export interface MonitorResultsTable {
  id: Generated<number>;
  run_id: string;
  monitor: string;
  deployment: string;
  time: number;
  window_start: number;
  window_end: number;
  trigger: string;
  error: string | null;
  version: string | null;
  rows: number;
  judged: number;
  dataset_drift: number | null;
  drift_share: number | null;
  result: string | null;
}

/** Tables of monitors (specs and their stored results). */
export interface MonitorTables {
  monitors: MonitorsTable;
  monitor_results: MonitorResultsTable;
}
