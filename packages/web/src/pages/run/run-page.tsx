import { Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useParams } from 'react-router';
import { runKeys } from '../../api/run-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSignedIn } from '../../session/use-session.js';
import '../../styles/run.css';
import type { RunContext } from './run-context.js';
import { RunHeader } from './run-header.js';
import { RunTabs } from './run-tabs.js';
import { useRunPermission } from './use-run-permission.js';

/**
 * `/runs/:runId` and its sections: the run's header, the section links, and the section itself
 * (overview, metric charts, artifacts), each a route of its own.
 */
export default function RunPage() {
  const { runId = '' } = useParams();
  const { client } = useSignedIn();
  const query = useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: () => client.runs.get(runId),
  });
  const permission = useRunPermission(query.data);
  usePageTitle(query.data?.info.runName ?? 'Run');
  if (query.isPending) return <Loading label="Loading the run" />;
  if (query.isError) {
    return (
      <section>
        <h1>Run {runId}</h1>
        <ErrorDisplay
          error={query.error}
          title="Could not load the run"
          onRetry={() => void query.refetch()}
        />
        <p>
          <Link to="/experiments">All experiments</Link>
        </p>
      </section>
    );
  }
  const run = query.data;
  const context: RunContext = { run, permission };
  return (
    <article key={run.info.runId} className="run-page" aria-labelledby="run-heading">
      <RunHeader run={run} canEdit={permission.canEdit} />
      <RunTabs runId={run.info.runId} />
      <Suspense fallback={<Loading label="Loading the section" />}>
        <Outlet context={context} />
      </Suspense>
    </article>
  );
}
