import { Link } from 'react-router';
import { SeriesSwatch } from '../../charts/series-swatch.js';
import { ErrorDisplay } from '../../components/error-display.js';
import { Loading } from '../../components/loading.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useUrlParams } from '../../search/use-url-params.js';
import '../../styles/charts.css';
import { CompareCharts } from './compare-charts.js';
import { CompareParallel } from './compare-parallel.js';
import { CompareScatter } from './compare-scatter.js';
import { readList, valueKeys } from './compared-run.js';
import { DiffTable } from './diff-table.js';
import { useComparedRuns } from './use-compared-runs.js';

/** More runs than this are not compared: one history request carries at most 100 runs. */
const MAX_RUNS = 100;

/**
 * `/compare?runs=<id>,<id>,...`: the runs' params and metrics side by side, their metrics
 * overlaid, a parallel-coordinates plot and a scatter plot. Every choice is in the URL.
 */
export default function ComparePage() {
  const { params } = useUrlParams();
  const requested = readList(params.get('runs'));
  const runIds = requested.slice(0, MAX_RUNS);
  const { runs, pending, failures } = useComparedRuns(runIds);
  usePageTitle(runIds.length > 0 ? `Compare ${runIds.length} runs` : 'Compare runs');
  const keys = valueKeys(runs);
  const allKeys = [...keys.params, ...keys.metrics];

  if (runIds.length === 0) {
    return (
      <section aria-labelledby="compare-heading">
        <h1 id="compare-heading">Compare runs</h1>
        <p>
          No runs chosen. Select runs in an <Link to="/experiments">experiment</Link>’s runs table
          and press Compare.
        </p>
      </section>
    );
  }
  const experimentId = runs[0]?.experimentId;
  return (
    <article aria-labelledby="compare-heading" className="compare-page">
      <p className="breadcrumb">
        {experimentId === undefined ? (
          <Link to="/experiments">Experiments</Link>
        ) : (
          <Link to={`/experiments/${encodeURIComponent(experimentId)}`}>
            Back to the experiment
          </Link>
        )}
      </p>
      <h1 id="compare-heading">
        Compare {runIds.length === 1 ? 'one run' : `${runIds.length} runs`}
      </h1>
      {requested.length > MAX_RUNS && (
        <p className="hint">
          Only the first {MAX_RUNS} of {requested.length} runs are compared.
        </p>
      )}
      {failures.map(({ runId, error, retry }) => (
        <ErrorDisplay
          key={runId}
          error={error}
          title={`Could not load run ${runId}`}
          onRetry={retry}
        />
      ))}
      {pending ? (
        <Loading label="Loading the runs" />
      ) : (
        runs.length > 0 && (
          <>
            <ul className="chart-legend compare-runs" aria-label="Compared runs">
              {runs.map((run) => (
                <li key={run.runId} data-run-id={run.runId}>
                  <SeriesSwatch style={run.style} />
                  <Link to={`/runs/${encodeURIComponent(run.runId)}`}>{run.name}</Link>
                  <span className={`state state-${run.status.toLowerCase()}`}>{run.status}</span>
                </li>
              ))}
            </ul>
            <DiffTable runs={runs} />
            <CompareCharts runs={runs} metricKeys={keys.metrics} />
            <CompareParallel runs={runs} keys={allKeys} />
            <CompareScatter
              runs={runs}
              keys={allKeys}
              defaultX={keys.params[0]}
              defaultY={keys.metrics[0] ?? allKeys[1]}
            />
          </>
        )
      )}
    </article>
  );
}
