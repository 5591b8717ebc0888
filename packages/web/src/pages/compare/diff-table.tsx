import { Link } from 'react-router';
import { formatValue } from '../../charts/format-value.js';
import type { PlotValue } from '../../charts/axis-scale.js';
import { SeriesSwatch } from '../../charts/series-swatch.js';
import { useUrlParams } from '../../search/use-url-params.js';
import { bareKey, valueKeys, valuesDiffer } from './compared-run.js';
import type { ComparedRun } from './compared-run.js';

interface Row {
  key: string;
  label: string;
  values: PlotValue[];
  differs: boolean;
}

function rowsOf(keys: readonly string[], runs: readonly ComparedRun[]): Row[] {
  return keys.map((key) => {
    const values = runs.map((run) => run.values[key]);
    return { key, label: bareKey(key), values, differs: valuesDiffer(values) };
  });
}

function show(value: PlotValue) {
  if (value === undefined) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">not logged</span>
      </>
    );
  }
  return typeof value === 'number' ? formatValue(value) : value;
}

function Section({ title, rows, span }: { title: string; rows: Row[]; span: number }) {
  return (
    <tbody>
      <tr className="diff-section">
        <th scope="rowgroup" colSpan={span}>
          {title}
        </th>
      </tr>
      {rows.length === 0 && (
        <tr>
          <td colSpan={span} className="empty">
            None
          </td>
        </tr>
      )}
      {rows.map((row) => (
        <tr
          key={row.key}
          data-key={row.key}
          data-differs={row.differs}
          className={row.differs ? 'differs' : undefined}
        >
          <th scope="row">
            {row.label}
            {row.differs && (
              <>
                <span className="diff-mark" aria-hidden="true">
                  ≠
                </span>
                <span className="visually-hidden"> (values differ)</span>
              </>
            )}
          </th>
          {row.values.map((value, i) => (
            <td key={i} className={typeof value === 'number' ? 'num' : undefined}>
              {show(value)}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/**
 * Params and latest metrics side by side: a row per key, a column per run; rows where the runs
 * disagree are marked (colour, a ≠ sign and, for screen readers, words), and `?diff=only` hides
 * the others.
 */
export function DiffTable({ runs }: { runs: readonly ComparedRun[] }) {
  const { params, updateNow } = useUrlParams();
  const onlyDifferences = params.get('diff') === 'only';
  const keys = valueKeys(runs);
  const keep = (rows: Row[]) => (onlyDifferences ? rows.filter((r) => r.differs) : rows);
  const paramRows = keep(rowsOf(keys.params, runs));
  const metricRows = keep(rowsOf(keys.metrics, runs));
  const differing = [...rowsOf(keys.params, runs), ...rowsOf(keys.metrics, runs)].filter(
    (r) => r.differs,
  ).length;
  return (
    <section aria-labelledby="diff-heading">
      <div className="section-header">
        <h2 id="diff-heading">Parameters and metrics</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={onlyDifferences}
            onChange={(e) => updateNow({ diff: e.target.checked ? 'only' : undefined })}
          />
          Only differences
        </label>
      </div>
      <p className="hint">
        {differing === 1 ? '1 value differs' : `${differing} values differ`} between the runs.
        Metrics show each run’s latest value.
      </p>
      <div
        className="table-scroll"
        role="region"
        aria-label="Parameters and metrics table"
        tabIndex={0}
      >
        <table className="data-table diff-table">
          <caption className="visually-hidden">Parameters and metrics of the compared runs</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              {runs.map((run) => (
                <th scope="col" key={run.runId}>
                  <SeriesSwatch style={run.style} />
                  <Link to={`/runs/${encodeURIComponent(run.runId)}`}>{run.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <Section title="Parameters" rows={paramRows} span={runs.length + 1} />
          <Section title="Metrics" rows={metricRows} span={runs.length + 1} />
        </table>
      </div>
    </section>
  );
}
