import { Link } from 'react-router';
import type { Experiment } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';

/** One page of experiments, each name a link to its page. */
export function ExperimentsTable({ experiments }: { experiments: Experiment[] }) {
  if (experiments.length === 0) return <p className="empty">No experiments match.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Experiments</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">ID</th>
          <th scope="col">Created</th>
          <th scope="col">Last updated</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {experiments.map((experiment) => (
          <tr key={experiment.experimentId}>
            <td>
              <Link to={`/experiments/${encodeURIComponent(experiment.experimentId)}`}>
                {experiment.name}
              </Link>
            </td>
            <td className="mono">{experiment.experimentId}</td>
            <td>
              <time dateTime={isoTime(experiment.creationTime)}>
                {formatTime(experiment.creationTime)}
              </time>
            </td>
            <td>
              <time dateTime={isoTime(experiment.lastUpdateTime)}>
                {formatTime(experiment.lastUpdateTime)}
              </time>
            </td>
            <td>{experiment.lifecycleStage === 'deleted' ? 'Deleted' : 'Active'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
