import type { PipelineRunStatus } from '@slipway/core';

/** What the runs table asks for (from the page's URL). */
export interface PipelineRunSearch {
  pipeline: string | undefined;
  status: PipelineRunStatus | undefined;
  pageToken: string | undefined;
}

/**
 * TanStack Query keys of the pipelines pages. Everything about one run sits under
 * `pipelineKeys.run(runId)`, so a cancel refreshes its page (steps and logs) with one
 * `invalidateQueries`; listings sit under `pipelineKeys.lists`.
 */
export const pipelineKeys = {
  all: ['pipelines'] as const,
  lists: ['pipelines', 'list'] as const,
  pipelines: (pageToken: string | undefined) => ['pipelines', 'list', 'names', pageToken] as const,
  runs: (search: PipelineRunSearch) => ['pipelines', 'list', 'runs', search] as const,
  run: (runId: string) => ['pipelines', 'run', runId] as const,
  detail: (runId: string) => ['pipelines', 'run', runId, 'detail'] as const,
  /** One step's log as read so far (the query's data grows by polling with `after`). */
  logs: (runId: string, stepKey: string) => ['pipelines', 'run', runId, 'logs', stepKey] as const,
};
