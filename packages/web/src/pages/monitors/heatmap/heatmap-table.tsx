import { formatTime, isoTime } from '../../../format/format-time.js';
import { formatScore, verdictOf } from '../drift/drift-severity.js';
import type { VersionChoice } from '../run-versions.js';
import { cellDrift } from './heatmap-layout.js';
import type { HeatmapGrid } from './heatmap-layout.js';

/**
 * The heatmap as a table, for screen readers, keyboards and exact numbers: a row per column, a
 * cell per run (oldest first) with its score and verdict. Built only when asked for.
 */
export function HeatmapTable({ grid, version }: { grid: HeatmapGrid; version: VersionChoice }) {
  return (
    <div
      className="mon-table-scroll"
      role="region"
      aria-label="Drift per column and run"
      tabIndex={0}
    >
      <table className="data-table compact">
        <caption>
          Drift per column (rows) and run (columns, oldest first): score and verdict
        </caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            {grid.runs.map((run, i) => (
              <th scope="col" key={run.id ?? i}>
                <time dateTime={isoTime(run.time)}>{formatTime(run.time)}</time>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.columns.map((column, row) => (
            <tr key={column}>
              <th scope="row">{column}</th>
              {grid.runs.map((run, col) => {
                const drift = cellDrift(grid, version, row, col);
                return (
                  <td
                    key={run.id ?? col}
                    className="num"
                    data-drift={drift === undefined ? 'none' : String(drift.driftDetected)}
                  >
                    {drift === undefined
                      ? '—'
                      : drift.skipped !== undefined
                        ? 'skipped'
                        : `${formatScore(drift.score)} ${verdictOf(drift)}`}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
