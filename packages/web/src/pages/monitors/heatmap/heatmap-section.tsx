import { useMemo, useState } from 'react';
import type { MonitorRun } from '@slipway/sdk';
import { formatTime } from '../../../format/format-time.js';
import { versionLabel } from '../run-versions.js';
import type { VersionChoice } from '../run-versions.js';
import { DriftHeatmap } from './drift-heatmap.js';
import { heatmapGrid } from './heatmap-layout.js';
import { HeatmapTable } from './heatmap-table.js';

interface HeatmapSectionProps {
  runs: readonly MonitorRun[];
  version: VersionChoice;
  onPickRun: (runId: string | undefined) => void;
}

/** Drift per column over the runs shown, as a heatmap, and as a table on request. */
export function HeatmapSection({ runs, version, onPickRun }: HeatmapSectionProps) {
  const grid = useMemo(() => heatmapGrid(runs, version), [runs, version]);
  const [showTable, setShowTable] = useState(false);
  const oldest = grid.runs[0];
  const newest = grid.runs.at(-1);
  return (
    <section aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading">Drift per column over time</h2>
      {grid.columns.length === 0 ? (
        <p className="mon-muted">No drift results for {versionLabel(version)} in these runs.</p>
      ) : (
        <>
          <p className="mon-muted">
            {grid.runs.length} runs, oldest on the left
            {oldest !== undefined && newest !== undefined && (
              <>
                {' '}
                ({formatTime(oldest.time)} to {formatTime(newest.time)})
              </>
            )}
            . Point at a cell for its score; click it to see that run&apos;s distributions.
          </p>
          <DriftHeatmap
            grid={grid}
            version={version}
            onPickRun={(index) => onPickRun(grid.runs[index]?.id)}
          />
          <button
            type="button"
            className="mon-link-button"
            aria-expanded={showTable}
            onClick={() => setShowTable((shown) => !shown)}
          >
            {showTable ? 'Hide the drift table' : 'Show the drift as a table'}
          </button>
          {showTable && <HeatmapTable grid={grid} version={version} />}
        </>
      )}
    </section>
  );
}
