/** URLs of the pipelines pages. */

export const PIPELINES_PATH = '/pipelines';

/** A run's page, optionally with one step selected. */
export function pipelineRunPath(runId: string, stepKey?: string): string {
  const base = `/pipelines/runs/${encodeURIComponent(runId)}`;
  return stepKey === undefined ? base : `${base}?step=${encodeURIComponent(stepKey)}`;
}

/** The runs table filtered to one pipeline. */
export function pipelineRunsPath(pipeline: string): string {
  return `/pipelines?pipeline=${encodeURIComponent(pipeline)}`;
}
