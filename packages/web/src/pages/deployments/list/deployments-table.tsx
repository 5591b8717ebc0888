import { Link } from 'react-router';
import type { DeploymentView } from '@slipway/core';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { formatPercent } from '../format-figures.js';
import { policyLabel, policyState, statusLabel } from '../policy-labels.js';
import { deploymentPath } from '../deployment-paths.js';

/** Each deployment's name (a link to its page), policy, versions with their weights, and state. */
export function DeploymentsTable({ deployments }: { deployments: DeploymentView[] }) {
  if (deployments.length === 0) {
    return (
      <p className="empty">
        No deployments yet. Create one with <code>slipway deployments apply -f spec.yaml</code> or
        the SDK&apos;s <code>deployments.apply</code>.
      </p>
    );
  }
  return (
    <table className="data-table">
      <caption className="visually-hidden">Deployments</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Policy</th>
          <th scope="col">Versions and weights</th>
          <th scope="col">State</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((deployment) => {
          const state = policyState(deployment);
          return (
            <tr key={deployment.name}>
              <td>
                <Link to={deploymentPath(deployment.name)}>{deployment.name}</Link>
              </td>
              <td>
                {policyLabel(deployment.policy)}
                {state !== undefined && <span className="dep-muted"> · {state}</span>}
              </td>
              <td>
                <ul className="dep-variant-list">
                  {deployment.variants.map((variant) => (
                    <li key={variant.id}>
                      <span className="dep-variant-name">{variant.id}</span>{' '}
                      <span className="mono">
                        {variant.resolved.name} v{variant.resolved.version}
                      </span>{' '}
                      <span className="num">{formatPercent(variant.trafficPercent)}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <span className={`dep-status dep-status-${deployment.status}`}>
                  {statusLabel(deployment.status)}
                </span>
                {deployment.statusMessage !== undefined && (
                  <span className="dep-muted"> {deployment.statusMessage}</span>
                )}
              </td>
              <td>
                <time dateTime={isoTime(deployment.updatedAt)}>
                  {formatTime(deployment.updatedAt)}
                </time>
                <span className="dep-muted"> by {deployment.updatedBy}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
