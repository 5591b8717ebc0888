import type {
  AlertEventView,
  AlertStateView,
  RetrainingTriggerView,
} from '../contract/monitor-alerts.js';

/** What one evaluation of a monitor's alerts changes, written in one transaction. */
export interface AlertEvaluation {
  monitor: string;
  /** The new state of every alert (and version) the run had a value for. */
  states: AlertStateView[];
  events: AlertEventView[];
  triggers: RetrainingTriggerView[];
}

export interface AlertEventQuery {
  monitor: string;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
}

export interface RetrainingTriggerQuery {
  /** Only these deployments' (undefined: all). */
  deployments?: readonly string[] | undefined;
  status?: 'pending' | 'claimed' | undefined;
  limit: number;
}

/**
 * Alert states of monitors (one per monitor, alert and version), the log of their firings and
 * resolutions, and the retraining triggers firings recorded for pipelines.
 */
export interface AlertStore {
  /** The states of one monitor's alerts, by alert then version (all traffic first). */
  states(monitor: string): Promise<AlertStateView[]>;
  /** Writes new states, events and triggers together. */
  record(evaluation: AlertEvaluation): Promise<void>;
  /** Newest first. */
  events(query: AlertEventQuery): Promise<AlertEventView[]>;
  /** The latest trigger of one alert (and version), for its cooldown. */
  latestTrigger(
    monitor: string,
    alert: string,
    version: string | null,
  ): Promise<RetrainingTriggerView | undefined>;
  getTrigger(id: string): Promise<RetrainingTriggerView | undefined>;
  /** Newest first. */
  triggers(query: RetrainingTriggerQuery): Promise<RetrainingTriggerView[]>;
  /** Marks a pending trigger claimed; undefined when it was not pending (claimed meanwhile, or none). */
  claimTrigger(id: string, by: string, at: number): Promise<RetrainingTriggerView | undefined>;
  /** A deleted monitor's states and events go with it (its triggers stay: they are history). */
  deleteMonitor(monitor: string): Promise<void>;
  /** Drops states of alerts no longer in the spec (renamed or removed). */
  pruneStates(monitor: string, keep: readonly string[]): Promise<void>;
}
