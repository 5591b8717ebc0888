import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Metric } from '@slipway/core';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { FilteredTableSection } from './filtered-table-section.js';
import type { Column } from './virtual-table.js';

/** Full precision, as logged: a table of latest values is where people read exact numbers. */
function formatValue(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(value);
}

const keyOf = (m: Metric) => m.key;
const textOf = (m: Metric) => m.key;

/**
 * Each metric's latest value with its step and time; a key links to its chart on the metric
 * charts tab. Filterable by key (`?metrics=`).
 */
export function MetricsSection({ runId, metrics }: { runId: string; metrics: Metric[] }) {
  const sorted = useMemo(() => [...metrics].sort((a, b) => a.key.localeCompare(b.key)), [metrics]);
  const columns = useMemo<Column<Metric>[]>(
    () => [
      {
        header: 'Metric',
        className: 'mono run-key-cell',
        cell: (m) => (
          <Link
            to={`/runs/${encodeURIComponent(runId)}/metrics?filter=${encodeURIComponent(m.key)}`}
          >
            {m.key}
          </Link>
        ),
      },
      { header: 'Latest value', className: 'mono', cell: (m) => formatValue(m.value) },
      { header: 'Step', cell: (m) => m.step.toLocaleString() },
      {
        header: 'Logged',
        cell: (m) => <time dateTime={isoTime(m.timestamp)}>{formatTime(m.timestamp)}</time>,
      },
    ],
    [runId],
  );
  return (
    <FilteredTableSection
      title="Metrics"
      noun="metrics"
      urlParam="metrics"
      rows={sorted}
      columns={columns}
      rowKey={keyOf}
      text={textOf}
      empty="No metrics logged."
    />
  );
}
