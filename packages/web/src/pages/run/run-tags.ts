import type { Tag } from '@slipway/core';

/** MLflow's system tags the run page shows in its header or as the description. */
export const SYSTEM_TAGS = {
  description: 'mlflow.note.content',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepo: 'mlflow.source.git.repoURL',
} as const;

/** MLflow's own tags: written by clients and the server, shown apart from the user's. */
export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.');
}

export function tagValue(tags: readonly Tag[], key: string): string | undefined {
  const value = tags.find((t) => t.key === key)?.value;
  return value === '' ? undefined : value;
}
