import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { pipelineKeys } from '../../api/pipeline-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { CancelRunButton } from './cancel-run-button.js';
import { PipelineDag } from './pipeline-dag.js';
import { PIPELINES_PATH, pipelineRunsPath } from './pipeline-paths.js';
import { RunFacts } from './run-facts.js';
import { StatusBadge } from './status-badge.js';
import { StepDetails } from './step-details.js';
import { StepsTable } from './steps-table.js';
import './pipelines.css';

/** How often a running run is read again: live enough to watch, light on the server. */
const LIVE_REFRESH_MS = 1500;

/**
 * `/pipelines/runs/:runId?step=`: one run's DAG with every step's status, live while the run
 * runs (polled until it ends), the selected step's details and log, and Cancel.
 */
export default function PipelineRunPage() {
  const { runId = '' } = useParams();
  const { client } = useSignedIn();
  const { params, updateNow } = useUrlParams({ replace: true });
  const query = useQuery({
    queryKey: pipelineKeys.detail(runId),
    queryFn: () => client.pipelines.getRun(runId),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? LIVE_REFRESH_MS : false),
  });
  const run = query.data;
  usePageTitle(run === undefined ? 'Pipeline run' : `${run.pipeline} run`);
  if (query.isPending) return <Loading label="Loading the run" />;
  if (query.isError || run === undefined) {
    return (
      <section className="pl-page">
        <h1>Pipeline run</h1>
        <ErrorDisplay
          error={query.error}
          title="Could not load the run"
          onRetry={() => void query.refetch()}
        />
        <p>
          <Link to={PIPELINES_PATH}>Pipelines</Link>
        </p>
      </section>
    );
  }
  const selectedKey = params.get('step') ?? undefined;
  const selected = run.steps.find((s) => s.key === selectedKey);
  const select = (key: string) => updateNow({ step: key });
  return (
    <article aria-labelledby="run-heading" className="pl-page">
      <p className="breadcrumb">
        <Link to={PIPELINES_PATH}>Pipelines</Link> /{' '}
        <Link to={pipelineRunsPath(run.pipeline)}>{run.pipeline}</Link>
      </p>
      <h1 id="run-heading">
        Run of {run.pipeline} <StatusBadge status={run.status} />
      </h1>
      <RunFacts run={run} />
      {run.status === 'running' && !run.cancelRequested && (
        <CancelRunButton runId={run.runId} pipeline={run.pipeline} />
      )}
      {run.status === 'running' && run.cancelRequested && (
        <p className="pl-muted">
          Cancellation requested: running steps stop at their next heartbeat.
        </p>
      )}
      <section aria-labelledby="dag-heading">
        <h2 id="dag-heading">Steps</h2>
        <p className="pl-muted">
          Select a step in the graph or the table for its cache key, outputs and log.
          {run.status === 'running' ? ' The statuses refresh while the run runs.' : ''}
        </p>
        <PipelineDag steps={run.steps} selected={selected?.key} onSelect={select} />
        <StepsTable steps={run.steps} selected={selected?.key} onSelect={select} />
      </section>
      {selected !== undefined && <StepDetails runId={run.runId} step={selected} />}
      {selectedKey !== undefined && selected === undefined && (
        <p className="empty">This run has no step {selectedKey}.</p>
      )}
    </article>
  );
}
