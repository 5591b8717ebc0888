import { Link } from 'react-router';
import type { ModelVersion } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { runPath, versionPath } from './model-links.js';

/** A model's versions: stage, aliases, status, when, the run they came from, and tags. */
export function VersionsTable({ versions }: { versions: ModelVersion[] }) {
  if (versions.length === 0) return <p className="empty">No versions yet.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Versions</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Stage</th>
          <th scope="col">Aliases</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">Source run</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version}>
            <td>
              <Link to={versionPath(v.name, v.version)}>Version {v.version}</Link>
            </td>
            <td>
              <span className="stage">{v.currentStage}</span>
            </td>
            <td>
              {v.aliases.length === 0 ? (
                <span className="empty">none</span>
              ) : (
                <ul className="inline-list">
                  {v.aliases.map((alias) => (
                    <li key={alias} className="alias">
                      @{alias}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <span className={`version-status status-${v.status.toLowerCase()}`}>{v.status}</span>
            </td>
            <td>
              <time dateTime={isoTime(v.creationTimestamp)}>{formatTime(v.creationTimestamp)}</time>
            </td>
            <td>
              {v.runId === '' ? (
                <span className="empty">none</span>
              ) : (
                <Link className="mono" to={runPath(v.runId)}>
                  {v.runId.slice(0, 12)}
                  <span className="visually-hidden"> (run {v.runId})</span>
                </Link>
              )}
            </td>
            <td>
              {v.tags.length === 0 ? (
                <span className="empty">none</span>
              ) : (
                <ul className="inline-list">
                  {v.tags.map((t) => (
                    <li key={t.key} className="tag-chip">
                      <span className="mono">{t.key}</span>={t.value}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
