import { useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { monitorKeys } from '../../api/monitor-keys.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { formatTime, isoTime } from '../../format/format-time.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { useSignedIn } from '../../session/use-session.js';
import { deploymentPath, monitorsPath } from '../deployments/deployment-paths.js';
import { AlertsSection } from './alerts/alerts-section.js';
import { PerformanceSection, ServingSection } from './charts/performance-section.js';
import { ColumnDistributions } from './drift/column-distributions.js';
import { HeatmapSection } from './heatmap/heatmap-section.js';
import { MonitorActions } from './monitor-actions.js';
import { describeReference, describeSchedule, describeWindow } from './monitor-facts.js';
import { resultOf, versionLabel, versionOfParam, versionsSeen } from './run-versions.js';
import { RunsTable } from './runs/runs-table.js';
import { verdictText } from './runs/run-verdict.js';
import { useCanEditMonitors } from './use-can-edit.js';
import './monitors.css';

/** Runs the page can show; the history route's own bound is 1000. */
export const RUN_COUNTS = [25, 100, 200, 500] as const;
const DEFAULT_RUNS = 100;

function runCountOf(param: string | null): number {
  const n = Number(param);
  return (RUN_COUNTS as readonly number[]).includes(n) ? n : DEFAULT_RUNS;
}

/**
 * `/deployments/:name/monitors/:monitor?version=&runs=`: one monitor's results for all traffic or
 * one model version: drift per column over time, a run's distributions (the latest, or the one
 * picked on the heatmap), performance and serving over time, alerts and every run's report.
 */
export default function MonitorPage() {
  const { name = '', monitor = '' } = useParams();
  const { client } = useSignedIn();
  const { params, updateNow } = useUrlParams();
  usePageTitle(`${monitor} monitor`);
  const canEdit = useCanEditMonitors(name);
  const versionId = useId();
  const runsId = useId();
  const version = versionOfParam(params.get('version'));
  const count = runCountOf(params.get('runs'));
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const detail = useQuery({
    queryKey: monitorKeys.detail(monitor),
    queryFn: () => client.monitors.get(monitor),
  });
  const history = useQuery({
    queryKey: monitorKeys.history(monitor, count),
    queryFn: () => client.monitors.history(monitor, { maxResults: count }),
    enabled: detail.isSuccess,
  });
  const runs = useMemo(() => history.data ?? [], [history.data]);
  const versions = useMemo(() => versionsSeen(runs), [runs]);

  if (detail.isPending) return <Loading label="Loading the monitor" />;
  if (detail.isError) {
    return (
      <section className="mon-page">
        <h1>Monitor {monitor}</h1>
        <ErrorDisplay
          error={detail.error}
          title="Could not load the monitor"
          onRetry={() => void detail.refetch()}
        />
        <p>
          <Link to={monitorsPath(name)}>Monitors of {name}</Link>
        </p>
      </section>
    );
  }
  const { spec } = detail.data;
  const shownRun = runs.find((r) => r.id !== undefined && r.id === picked) ?? runs[0];
  const shownResult = shownRun === undefined ? undefined : resultOf(shownRun, version);
  return (
    <article aria-labelledby="monitor-heading" className="mon-page">
      <p className="breadcrumb">
        <Link to="/deployments">Deployments</Link> / <Link to={deploymentPath(name)}>{name}</Link> /{' '}
        <Link to={monitorsPath(name)}>Monitors</Link>
      </p>
      <h1 id="monitor-heading">
        {monitor}
        <span className="badge">{spec.reference.type} reference</span>
      </h1>
      {spec.description !== undefined && <p className="description">{spec.description}</p>}
      <dl className="facts">
        <div>
          <dt>Reference</dt>
          <dd>{describeReference(spec.reference)}</dd>
        </div>
        <div>
          <dt>Window</dt>
          <dd>{describeWindow(spec.window)}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{describeSchedule(spec.schedule)}</dd>
        </div>
        <div>
          <dt>Judged from</dt>
          <dd className="num">{spec.minRows} predictions</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <time dateTime={isoTime(detail.data.updatedAt)}>
              {formatTime(detail.data.updatedAt)}
            </time>
          </dd>
        </div>
      </dl>
      {canEdit && <MonitorActions monitor={monitor} deployment={name} />}
      <div className="mon-controls">
        <div className="field inline">
          <label htmlFor={versionId}>Traffic</label>
          <select
            id={versionId}
            value={version ?? ''}
            onChange={(event) => {
              setPicked(undefined);
              updateNow({ version: event.target.value === '' ? undefined : event.target.value });
            }}
          >
            <option value="">All traffic</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={runsId}>Runs shown</label>
          <select
            id={runsId}
            value={count}
            onChange={(event) => {
              const n = Number(event.target.value);
              updateNow({ runs: n === DEFAULT_RUNS ? undefined : String(n) });
            }}
          >
            {RUN_COUNTS.map((n) => (
              <option key={n} value={n}>
                Latest {n}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void history.refetch()} disabled={history.isFetching}>
          Refresh
        </button>
      </div>
      {history.isPending && <Loading label="Loading the runs" />}
      {history.isError && (
        <ErrorDisplay
          error={history.error}
          title="Could not load the runs"
          onRetry={() => void history.refetch()}
        />
      )}
      {history.isSuccess && runs.length === 0 && (
        <p className="empty">
          No runs yet.{' '}
          {spec.schedule === undefined
            ? 'This monitor runs only when asked: Run now.'
            : `The first scheduled run is due within ${describeSchedule(spec.schedule).replace('every ', '')}.`}
        </p>
      )}
      {runs.length > 0 && (
        <>
          <HeatmapSection runs={runs} version={version} onPickRun={(id) => setPicked(id)} />
          <section aria-labelledby="columns-heading">
            <h2 id="columns-heading">
              {shownRun === runs[0] ? 'Latest run' : 'Picked run'}: columns, most drifted first
            </h2>
            {shownRun !== undefined && (
              <p className="mon-muted">
                {shownRun === runs[0] ? 'The latest run' : 'The run picked on the heatmap'}, of{' '}
                <time dateTime={isoTime(shownRun.time)}>{formatTime(shownRun.time)}</time>, for{' '}
                {versionLabel(version)}: {verdictText(shownRun, shownResult)}.
                {shownRun !== runs[0] && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="mon-link-button"
                      onClick={() => setPicked(undefined)}
                    >
                      Back to the latest run
                    </button>
                  </>
                )}
              </p>
            )}
            {shownResult !== undefined && <ColumnDistributions result={shownResult} />}
          </section>
          <PerformanceSection runs={runs} version={version} />
          <ServingSection runs={runs} version={version} />
        </>
      )}
      <AlertsSection monitor={monitor} hasRules={(spec.alerts ?? []).length > 0} />
      {runs.length > 0 && (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">Runs and reports</h2>
          <RunsTable runs={runs} version={version} />
        </section>
      )}
    </article>
  );
}
