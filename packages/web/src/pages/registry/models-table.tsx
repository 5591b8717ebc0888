import { Link } from 'react-router';
import type { RegisteredModel } from '@slipway/core';
import { formatTime, isoTime } from '../../format/format-time.js';
import { excerptOf, modelPath, versionPath } from './model-links.js';

/** One page of registered models, each name a link to its page. */
export function ModelsTable({ models }: { models: RegisteredModel[] }) {
  if (models.length === 0) return <p className="empty">No models match.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Registered models</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Latest versions</th>
          <th scope="col">Aliases</th>
          <th scope="col">Last updated</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => (
          <tr key={model.name}>
            <td>
              <Link to={modelPath(model.name)}>{model.name}</Link>
            </td>
            <td>
              {model.latestVersions.length === 0 ? (
                <span className="empty">none</span>
              ) : (
                <ul className="inline-list">
                  {model.latestVersions.map((v) => (
                    <li key={v.version}>
                      <Link to={versionPath(model.name, v.version)}>Version {v.version}</Link>{' '}
                      <span className="stage">{v.currentStage}</span>
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              {model.aliases.length === 0 ? (
                <span className="empty">none</span>
              ) : (
                <ul className="inline-list">
                  {model.aliases.map((a) => (
                    <li key={a.alias}>
                      <span className="alias">@{a.alias}</span>{' '}
                      <Link to={versionPath(model.name, a.version)}>
                        <span className="visually-hidden">{a.alias} is </span>v{a.version}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <time dateTime={isoTime(model.lastUpdatedTimestamp)}>
                {formatTime(model.lastUpdatedTimestamp)}
              </time>
            </td>
            <td className="excerpt">{excerptOf(model.description)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
