import type { DeploymentVersionStats } from '@slipway/core';
import {
  formatCount,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
} from '../format-figures.js';
import { versionKey } from './live-history.js';

interface VersionTableProps {
  versions: readonly DeploymentVersionStats[];
  colorOf: (key: string) => string;
}

/** Every version's figures over the window: shares, requests, rate, latency and errors. */
export function VersionTable({ versions, colorOf }: VersionTableProps) {
  return (
    <div className="dep-table-scroll" role="region" aria-label="Traffic per version" tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">Traffic per version</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Routed</th>
            <th scope="col">Observed</th>
            <th scope="col">Requests</th>
            <th scope="col">Requests/s</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">Errors</th>
            <th scope="col">Error rate</th>
            <th scope="col">Refused inputs</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => {
            const key = versionKey(version);
            return (
              <tr key={key} data-variant={version.variant} data-version={version.model.version}>
                <th scope="row">
                  <span
                    className="dep-swatch"
                    style={{ background: colorOf(key) }}
                    aria-hidden="true"
                  />
                  {key}
                  {version.role === 'shadow' && <span className="badge">shadow</span>}
                </th>
                <td className="num">{formatPercent(version.trafficPercent)}</td>
                <td className="num">{formatPercent(version.observedPercent)}</td>
                <td className="num" data-figure="requests">
                  {formatCount(version.requests)}
                </td>
                <td className="num">{formatRate(version.rps)}</td>
                <td className="num">{formatMs(version.p50LatencyMs)}</td>
                <td className="num">{formatMs(version.p95LatencyMs)}</td>
                <td className="num">{formatMs(version.p99LatencyMs)}</td>
                <td className="num">{formatCount(version.errors)}</td>
                <td className="num">{formatRatio(version.errorRate)}</td>
                <td className="num">{formatCount(version.clientErrors)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
