import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PipelineRunStatus } from '@slipway/core';
import { pipelineKeys } from '../../api/pipeline-keys.js';
import type { PipelineRunSearch } from '../../api/pipeline-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { Pager } from '../../components/pager.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { PipelineRunsTable } from './pipeline-runs-table.js';
import { PipelinesTable } from './pipelines-table.js';
import { RUN_STATUSES, isRunStatus } from './step-status.js';
import './pipelines.css';

const RUNS_PER_PAGE = 50;
/** The pipelines listing's first page, which also fills the runs filter. */
const PIPELINES_PER_PAGE = 200;

/**
 * `/pipelines?pipeline=&status=&page=&pipelinesPage=`: pipelines with their last run, then runs
 * newest first, filtered by pipeline and status and paged; the filters live in the URL.
 */
export default function PipelinesPage() {
  const { client } = useSignedIn();
  const { params, update, updateNow } = useUrlParams();
  usePageTitle('Pipelines');
  const pipelineId = useId();
  const statusId = useId();
  const pipelinesPage = params.get('pipelinesPage') ?? undefined;
  const status = params.get('status');
  const search: PipelineRunSearch = {
    pipeline: params.get('pipeline') ?? undefined,
    status: isRunStatus(status) ? status : undefined,
    pageToken: params.get('page') ?? undefined,
  };
  const pipelines = useQuery({
    queryKey: pipelineKeys.pipelines(pipelinesPage),
    queryFn: () =>
      client.pipelines.listPipelines({
        maxResults: PIPELINES_PER_PAGE,
        ...(pipelinesPage === undefined ? {} : { pageToken: pipelinesPage }),
      }),
  });
  const runs = useQuery({
    queryKey: pipelineKeys.runs(search),
    queryFn: () =>
      client.pipelines.listRuns({
        maxResults: RUNS_PER_PAGE,
        ...(search.pipeline === undefined ? {} : { pipeline: search.pipeline }),
        ...(search.status === undefined ? {} : { status: search.status }),
        ...(search.pageToken === undefined ? {} : { pageToken: search.pageToken }),
      }),
    // A running run's counts move; the list follows without a reload while one is shown.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running') ? 3000 : false),
  });
  const names = pipelines.data?.pipelines.map((p) => p.name) ?? [];
  if (search.pipeline !== undefined && !names.includes(search.pipeline))
    names.push(search.pipeline);
  const nextRuns = runs.data?.nextPageToken;
  const nextPipelines = pipelines.data?.nextPageToken;
  return (
    <section aria-labelledby="pipelines-heading" className="pl-page">
      <h1 id="pipelines-heading">Pipelines</h1>
      <p className="pl-muted">
        Pipelines are named by their runs: run one with <code>npx slipway pipelines run</code>.
      </p>
      {pipelines.isPending && <Loading label="Loading the pipelines" />}
      {pipelines.isError && (
        <ErrorDisplay
          error={pipelines.error}
          title="Could not load the pipelines"
          onRetry={() => void pipelines.refetch()}
        />
      )}
      {pipelines.isSuccess && pipelines.data.pipelines.length === 0 && (
        <p className="empty">No pipeline has run yet.</p>
      )}
      {pipelines.isSuccess && pipelines.data.pipelines.length > 0 && (
        <>
          <PipelinesTable pipelines={pipelines.data.pipelines} />
          <Pager
            label="Pipelines pages"
            onFirst={
              pipelinesPage !== undefined ? () => update({ pipelinesPage: undefined }) : undefined
            }
            onNext={
              nextPipelines !== undefined
                ? () => update({ pipelinesPage: nextPipelines })
                : undefined
            }
          />
        </>
      )}
      <h2 id="runs-heading">Runs</h2>
      <div className="pl-controls">
        <div className="field inline">
          <label htmlFor={pipelineId}>Pipeline</label>
          <select
            id={pipelineId}
            value={search.pipeline ?? ''}
            onChange={(event) => updateNow({ pipeline: event.target.value, page: undefined })}
          >
            <option value="">All pipelines</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={search.status ?? ''}
            onChange={(event) =>
              updateNow({ status: event.target.value as PipelineRunStatus | '', page: undefined })
            }
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      {runs.isPending && <Loading label="Loading the runs" />}
      {runs.isError && (
        <ErrorDisplay
          error={runs.error}
          title="Could not load the runs"
          onRetry={() => void runs.refetch()}
        />
      )}
      {runs.isSuccess && runs.data.runs.length === 0 && (
        <p className="empty">No runs match these filters.</p>
      )}
      {runs.isSuccess && runs.data.runs.length > 0 && (
        <>
          <PipelineRunsTable runs={runs.data.runs} />
          <Pager
            label="Runs pages"
            onFirst={search.pageToken !== undefined ? () => update({ page: undefined }) : undefined}
            onNext={nextRuns !== undefined ? () => update({ page: nextRuns }) : undefined}
          />
        </>
      )}
    </section>
  );
}
