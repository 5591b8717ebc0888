import { useState } from 'react';
import type { MonitorRun } from '@slipway/sdk';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { resultOf } from '../run-versions.js';
import type { VersionChoice } from '../run-versions.js';
import { ReportLink } from './report-link.js';
import { verdictText } from './run-verdict.js';

const SHOWN_FIRST = 20;

/** The runs of the page, newest first: when, why, the window, the verdict and the report. */
export function RunsTable({
  runs,
  version,
}: {
  runs: readonly MonitorRun[];
  version: VersionChoice;
}) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? runs : runs.slice(0, SHOWN_FIRST);
  return (
    <>
      <div className="mon-table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Runs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Trigger</th>
              <th scope="col">Window</th>
              <th scope="col">Rows</th>
              <th scope="col">Verdict</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((run, i) => {
              const result = resultOf(run, version);
              const label = `the run of ${formatTime(run.time)}`;
              return (
                <tr key={run.id ?? i} data-run-id={run.id}>
                  <td>
                    <time dateTime={isoTime(run.time)}>{formatTime(run.time)}</time>
                  </td>
                  <td>{run.trigger}</td>
                  <td>
                    {formatTime(run.windowStart)} – {formatTime(run.windowEnd)}
                  </td>
                  <td className="num">{result?.rows ?? '—'}</td>
                  <td>{verdictText(run, result)}</td>
                  <td>
                    {run.id !== undefined && run.error === undefined && (
                      <ReportLink monitor={run.monitor} runId={run.id} label={label} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {runs.length > SHOWN_FIRST && (
        <button type="button" onClick={() => setShowAll((all) => !all)}>
          {showAll ? `Show the latest ${SHOWN_FIRST}` : `Show all ${runs.length}`}
        </button>
      )}
    </>
  );
}
