/** One row per monitor, alert and version ('' for all traffic); `state` is the AlertState JSON. */
export interface AlertStatesTable {
  monitor: string;
  alert: string;
  version_key: string;
  deployment: string;
  state: string;
  status: string;
  updated_at: number;
}

/** The firing and resolution log; `seq` orders the events of one evaluation. */
export interface AlertEventsTable {
  id: string;
  monitor: string;
  time: number;
  seq: number;
  event: string;
}

/** Triggers for pipelines; `status` is a column so a claim is one conditional update. */
export interface RetrainingTriggersTable {
  id: string;
  monitor: string;
  alert: string;
  version_key: string;
  deployment: string;
  time: number;
  status: string;
  trigger: string;
}

export interface AlertTables {
  alert_states: AlertStatesTable;
  alert_events: AlertEventsTable;
  retraining_triggers: RetrainingTriggersTable;
}
