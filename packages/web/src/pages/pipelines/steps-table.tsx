import type { PipelineStep } from '@slipway/core';
import { formatDuration } from '../run/format-duration.js';
import { StatusBadge } from './status-badge.js';

interface StepsTableProps {
  steps: readonly PipelineStep[];
  selected: string | undefined;
  onSelect: (stepKey: string) => void;
}

/** The run's steps in plan order with their timings: the graph's content as a table. */
export function StepsTable({ steps, selected, onSelect }: StepsTableProps) {
  return (
    <div className="pl-table-scroll">
      <table className="data-table compact pl-steps">
        <caption className="visually-hidden">Steps and timings</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">Needs</th>
            <th scope="col">Attempts</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr
              key={s.key}
              className={s.key === selected ? 'pl-row-selected' : undefined}
              data-step-row={s.key}
            >
              <td>
                <button type="button" className="pl-link-button" onClick={() => onSelect(s.key)}>
                  {s.key}
                  <span className="visually-hidden"> details</span>
                </button>
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>{s.needs.length === 0 ? '—' : s.needs.join(', ')}</td>
              <td className="num">{s.attempt}</td>
              <td className="num">
                {s.durationMs === undefined ? '—' : formatDuration(s.durationMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
