import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';

/** A section's loading or error state; null once its data is there. */
export function SectionQueryState({
  query,
  what,
}: {
  query: UseQueryResult<unknown>;
  /** "the logged models" */
  what: string;
}) {
  if (query.isPending) return <Loading label={`Loading ${what}`} />;
  if (query.isError) {
    return (
      <ErrorDisplay
        error={query.error}
        title={`Could not load ${what}`}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return null;
}
