import type { PipelineStepRef } from '../domain/pipeline-run.js';

/** A dataset a run logged as an input (MLflow's log-inputs), as lineage reads it. */
export interface RunDatasetLink {
  runId: string;
  name: string;
  digest: string;
  /** `slipway` for dataset versions of this server (then `source` is `datasets:/<name>@<n>`). */
  sourceType: string;
  source: string;
}

/** A step linked to another record: the run it logged to, or the step it reused. */
export interface PipelineStepLink extends PipelineStepRef {
  /** The tracking run the step logged to. */
  trackedRunId?: string | undefined;
  /** The succeeded step whose outputs this cached step reuses. */
  cachedFrom?: PipelineStepRef | undefined;
}

/** A registry version an existing deployment serves now (`current`) or served in a revision. */
export interface ServedVersion {
  deployment: string;
  name: string;
  version: string;
  current: boolean;
}
