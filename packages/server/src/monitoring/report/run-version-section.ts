import type { MonitorVersionResult } from '@slipway/core';
import { driftSection, fmt, reportColumns } from './drift-report-html.js';
import { escapeHtml } from './html-escape.js';
import type { ReportCharts } from './report-page.js';

type Serving = NonNullable<MonitorVersionResult['serving']>;
type Validation = NonNullable<MonitorVersionResult['validation']>;
type Performance = NonNullable<MonitorVersionResult['performance']>;

export const versionName = (r: MonitorVersionResult): string =>
  r.version === null ? 'All traffic' : `Version ${r.version}`;

export const percent = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? '–'
    : `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.001 ? 3 : 1)}%`;

const ms = (x: number | null): string => (x === null ? '–' : `${Number(x.toPrecision(4))} ms`);

const row = (name: string, value: string) =>
  `<tr><th scope="row">${escapeHtml(name)}</th><td class="num">${value}</td></tr>`;

function servingPart(s: Serving): string {
  return `<h3>Serving</h3>
<table class="figures"><tbody>${[
    row('Requests', s.requests.toLocaleString('en-US')),
    row('Errors', s.errors.toLocaleString('en-US')),
    row('Error rate', percent(s.errorRate)),
    row('p50 latency', ms(s.p50LatencyMs)),
    row('p95 latency', ms(s.p95LatencyMs)),
    row('p99 latency', ms(s.p99LatencyMs)),
  ].join('')}</tbody></table>`;
}

/** The verdict in words, for the section and the run's summary table. */
export function validationVerdict(v: Validation): string {
  return v.success
    ? `<span class="ok">passed</span> (${v.evaluated} expectations)`
    : `<span class="drift">failed</span> (${v.failed} of ${v.evaluated} expectations)`;
}

function validationPart(v: Validation): string {
  const failed =
    v.failedExpectations.length === 0
      ? ''
      : `<p>Failed expectations:</p><ul>${v.failedExpectations.map((e) => `<li><code>${escapeHtml(e)}</code></li>`).join('')}</ul>`;
  return `<h3>Validation</h3><p class="verdict ${v.success ? 'ok' : 'drift'}">Validation ${validationVerdict(v)}</p>${failed}`;
}

function performancePart(p: Performance): string {
  const metrics = Object.entries(p.metrics).map(([name, m]) => {
    const note = [m.reason, m.warning].filter((x) => x !== undefined).join('; ');
    return `<tr><td>${escapeHtml(name)}</td><td class="num">${fmt(m.value)}</td><td class="muted">${escapeHtml(note)}</td></tr>`;
  });
  return `<h3>Performance</h3>
<p>${escapeHtml(p.task)}: ${p.labelled.toLocaleString('en-US')} predictions with ground truth, coverage ${percent(p.coverage)} of the window.</p>
<table><thead><tr><th>Metric</th><th>Value</th><th>Note</th></tr></thead><tbody>${metrics.join('') || '<tr><td colspan="3" class="muted">No metrics.</td></tr>'}</tbody></table>`;
}

/**
 * One version's (or all traffic's) result of a stored run: rows, serving figures, drift with its
 * stored distributions drawn, validation and performance. `index` keeps its anchors apart.
 */
export function versionSection(
  r: MonitorVersionResult,
  index: number,
  charts: ReportCharts,
): string {
  const parts = [
    `<h2>${escapeHtml(versionName(r))} <small>${r.rows.toLocaleString('en-US')} predictions</small></h2>`,
  ];
  if (!r.judged) {
    parts.push(`<p class="skip">Not judged: ${escapeHtml(r.skipped ?? 'no reason given')}</p>`);
  }
  if (r.serving !== undefined) parts.push(servingPart(r.serving));
  if (r.drift !== undefined) {
    parts.push(
      '<h3>Drift</h3>',
      driftSection({ ...r.drift, columns: reportColumns(r.drift.columns) }, charts, {
        idPrefix: `v${index}-`,
        level: 4,
      }),
    );
  }
  if (r.validation !== undefined) parts.push(validationPart(r.validation));
  if (r.performance !== undefined) parts.push(performancePart(r.performance));
  return `<article id="v${index}">${parts.join('\n')}</article>`;
}
