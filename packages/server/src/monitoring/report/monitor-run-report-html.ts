import type { MonitorReference, MonitorRunResult, MonitorVersionResult } from '@slipway/core';
import { escapeHtml } from './html-escape.js';
import { ReportCharts, renderReportPage } from './report-page.js';
import { percent, validationVerdict, versionName, versionSection } from './run-version-section.js';

export interface MonitorRunReportInput {
  run: MonitorRunResult;
  /** The monitor's reference as its spec now says (the run does not record it). */
  reference?: MonitorReference | undefined;
  generatedAt?: Date | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

function span(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}

function describeReference(r: MonitorReference): string {
  if (r.type !== 'traffic') return `${r.type} ${r.uri}`;
  const version = r.version === undefined ? '' : ` of version ${r.version}`;
  return `the deployment's traffic${version} from ${span(r.from)} to ${span(r.to)} before each run`;
}

function driftVerdict(r: MonitorVersionResult): string {
  if (r.drift === undefined) return r.judged ? '–' : '<span class="skip">not judged</span>';
  const drifted = r.drift.columns.filter((c) => c.driftDetected).map((c) => c.column);
  return r.drift.datasetDrift
    ? `<span class="drift">drift</span> (${escapeHtml(drifted.join(', '))})`
    : `<span class="ok">no drift</span>${drifted.length > 0 ? ` (${escapeHtml(drifted.join(', '))})` : ''}`;
}

function summaryRow(r: MonitorVersionResult, i: number): string {
  return `<tr><td><a href="#v${i}">${escapeHtml(versionName(r))}</a></td><td class="num">${r.rows.toLocaleString('en-US')}</td><td>${driftVerdict(r)}</td><td>${r.validation === undefined ? '–' : validationVerdict(r.validation)}</td><td class="num">${percent(r.performance?.coverage)}</td><td class="num">${percent(r.serving?.errorRate)}</td></tr>`;
}

/**
 * One stored monitor run as a self-contained HTML page, drawn from what the run stored (drift
 * distributions included), so nothing is re-read: the run's window, trigger and error, a summary
 * line per version, then each version (all traffic first) in full.
 */
export async function renderMonitorRunReport(input: MonitorRunReportInput): Promise<string> {
  const { run } = input;
  // All traffic first, then the versions in the order the run judged them.
  const results = [...run.results].sort(
    (a, b) => Number(a.version !== null) - Number(b.version !== null),
  );
  const charts = new ReportCharts();
  const title = `Monitor ${run.monitor}: run of ${iso(run.time)}`;
  const facts = [
    ['Deployment', escapeHtml(run.deployment)],
    [
      'Run',
      `<code>${escapeHtml(run.id ?? '–')}</code>, ${run.trigger === 'schedule' ? 'scheduled' : 'manual'}, at ${iso(run.time)}`,
    ],
    [
      'Window',
      `${iso(run.windowStart)} to ${iso(run.windowEnd)} (${span(run.windowEnd - run.windowStart)})`,
    ],
  ];
  if (input.reference !== undefined) {
    facts.push([
      'Reference',
      `${escapeHtml(describeReference(input.reference))} <span class="muted">(as the monitor is configured now)</span>`,
    ]);
  }
  const error =
    run.error === undefined
      ? ''
      : `<p class="verdict drift">The run failed: ${escapeHtml(run.error)}</p>`;
  const body = `<h1>${escapeHtml(title)}</h1>
<table class="figures"><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
${input.generatedAt === undefined ? '' : `<p class="muted">Report made ${iso(input.generatedAt.getTime())}.</p>`}
${error}
${
  results.length === 0
    ? '<p class="muted">No results were stored for this run.</p>'
    : `<h2>Summary</h2>
<table><thead><tr><th>Traffic</th><th>Predictions</th><th>Drift</th><th>Validation</th><th>Ground truth</th><th>Error rate</th></tr></thead>
<tbody>${results.map(summaryRow).join('')}</tbody></table>
<p class="muted"><span class="key ref"></span> reference <span class="key cur"></span> current, in every chart, as shares of each side's values.</p>
${results.map((r, i) => versionSection(r, i, charts)).join('\n')}`
}`;
  return renderReportPage({ title, body, charts });
}
