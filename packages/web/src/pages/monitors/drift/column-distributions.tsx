import type { MonitorVersionResult } from '@slipway/core';
import { useInView } from '../../../charts/use-in-view.js';
import { DistributionBars, CURRENT_COLOR, REFERENCE_COLOR } from './distribution-bars.js';
import { bySeverity, formatScore, scoreName, verdictOf } from './drift-severity.js';
import type { ColumnDrift } from './drift-severity.js';

/** One column's card: its verdict and, once scrolled near, its distributions. */
function ColumnCard({ column }: { column: ColumnDrift }) {
  const [ref, inView] = useInView<HTMLLIElement>();
  const verdict = verdictOf(column);
  return (
    <li
      ref={ref}
      className={`mon-column${column.driftDetected ? ' mon-column-drift' : ''}`}
      data-column={column.column}
      data-drift={String(column.driftDetected)}
    >
      <h3>{column.column}</h3>
      <p className="mon-column-verdict">
        {column.skipped === undefined ? (
          <>
            {column.stattest ?? 'test'} {scoreName(column)}{' '}
            <strong className="num">{formatScore(column.score)}</strong>, threshold{' '}
            <span className="num">{formatScore(column.threshold)}</span>:{' '}
            <strong className={column.driftDetected ? 'mon-drift' : 'mon-ok'}>{verdict}</strong>
          </>
        ) : (
          <span className="mon-muted">{verdict}</span>
        )}
      </p>
      {column.distribution === undefined ? (
        <p className="mon-muted">No distribution stored.</p>
      ) : column.distribution.labels.length === 0 ? (
        <p className="mon-muted">No values to draw.</p>
      ) : inView ? (
        <DistributionBars column={column.column} distribution={column.distribution} />
      ) : (
        <div className="mon-dist-placeholder" />
      )}
    </li>
  );
}

/**
 * The columns of one run's result, most drifted first (as the HTML report sorts them): test,
 * score, threshold, verdict, and the reference and current distributions where the run stored
 * them.
 */
export function ColumnDistributions({ result }: { result: MonitorVersionResult }) {
  const drift = result.drift;
  if (drift === undefined) {
    return <p className="mon-muted">{result.skipped ?? 'This result has no drift.'}</p>;
  }
  return (
    <>
      <p>
        <strong className={drift.datasetDrift ? 'mon-drift' : 'mon-ok'}>
          {drift.datasetDrift ? 'Dataset drift' : 'No dataset drift'}
        </strong>
        : {drift.numberOfDriftedColumns} of {drift.numberOfColumns} columns drifted (
        {(drift.driftShare * 100).toFixed(0)} %, threshold{' '}
        {(drift.driftShareThreshold * 100).toFixed(0)} %).{' '}
        <span className="mon-key">
          <span className="mon-swatch" style={{ background: REFERENCE_COLOR }} aria-hidden="true" />
          reference
          <span className="mon-swatch" style={{ background: CURRENT_COLOR }} aria-hidden="true" />
          current
        </span>
      </p>
      <ul className="mon-columns" aria-label="Columns, most drifted first">
        {bySeverity(drift.columns).map((column) => (
          <ColumnCard key={column.column} column={column} />
        ))}
      </ul>
    </>
  );
}
