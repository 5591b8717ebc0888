import type { Generated } from 'kysely';

/**
 * A pipeline run (migration 0013). `params`, `spec` are JSON; `cancel_requested` is 0 or 1;
 * `updated_at` changes with every step transition, which is also how a transition locks the row.
 */
export interface PipelineRunsTable {
  run_id: string;
  pipeline: string;
  status: string;
  params: string;
  spec: string;
  trigger_type: string;
  trigger_detail: string | null;
  resume_of: string | null;
  created_by: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  cancel_requested: number;
}

/**
 * One step of a run. `position` is its place in the plan's order; `plan` the JSON of the planned
 * step's remaining fields (workdir, env, files, params, retries, cache...); `needs`, `outputs` and
 * `cache_parts` JSON. `log_*` count what its log holds, for the log's byte budget.
 */
export interface PipelineStepsTable {
  run_id: string;
  step_key: string;
  position: number;
  name: string;
  needs: string;
  command: string;
  plan: string;
  status: string;
  attempt: number;
  worker: string | null;
  cache_key: string | null;
  cache_parts: string | null;
  cached_from_run: string | null;
  cached_from_step: string | null;
  outputs: string;
  outputs_digest: string | null;
  exit_code: number | null;
  error: string | null;
  tracked_run_id: string | null;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
  log_seq: Generated<number>;
  log_bytes: Generated<number>;
  log_truncated: Generated<number>;
}

/** One entry of a step's log, numbered 1, 2, 3... per step. */
export interface PipelineStepLogsTable {
  run_id: string;
  step_key: string;
  seq: number;
  stream: string;
  text: string;
  at: number;
}

export interface PipelineTables {
  pipeline_runs: PipelineRunsTable;
  pipeline_steps: PipelineStepsTable;
  pipeline_step_logs: PipelineStepLogsTable;
}
