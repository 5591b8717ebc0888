/**
 * TanStack Query keys of the run page. Everything about one run sits under `runKeys.run(runId)`,
 * so one `invalidateQueries` refreshes the whole page; an edit refreshes only `detail`.
 */
export const runKeys = {
  all: ['run'] as const,
  run: (runId: string) => ['run', runId] as const,
  /** The run with its params, latest metrics, tags and dataset inputs. */
  detail: (runId: string) => ['run', runId, 'detail'] as const,
  /** Runs whose `mlflow.parentRunId` tag names this run. */
  children: (runId: string) => ['run', runId, 'children'] as const,
  /** The MLflow 3 logged models the run produced. */
  loggedModels: (runId: string) => ['run', runId, 'logged-models'] as const,
  /** Registry versions created from the run. */
  modelVersions: (runId: string) => ['run', runId, 'model-versions'] as const,
  /** The entries of one artifact folder ('' is the run's root). */
  artifacts: (runId: string, folder: string) => ['run', runId, 'artifacts', folder] as const,
  /** The first `maxBytes` of one artifact file, for its preview. */
  artifactBytes: (runId: string, path: string, maxBytes: number) =>
    ['run', runId, 'artifact-bytes', path, maxBytes] as const,
  /** An ONNX artifact's inputs and outputs. */
  artifactSignature: (runId: string, path: string) =>
    ['run', runId, 'artifact-signature', path] as const,
  /** The caller's own explicit permissions and the server's default. */
  ownPermissions: (username: string) => ['run-permissions', username] as const,
};
