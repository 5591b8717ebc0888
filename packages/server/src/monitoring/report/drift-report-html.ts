import type { ColumnDistribution } from '@slipway/core';
import { chartLibrary } from './chart-library.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets.js';

/** One column's verdict as the report shows it (a drift result's column, plus its distributions). */
export interface ReportColumn {
  column: string;
  type: string;
  stattest?: string | undefined;
  /** Whether a low score (p-value) or a high one (distance) means drift. */
  scoreKind?: 'p_value' | 'distance' | undefined;
  score?: number | undefined;
  threshold?: number | undefined;
  driftDetected: boolean;
  skipped?: string | undefined;
  distribution?: ColumnDistribution | undefined;
}

export interface DriftReportInput {
  title?: string | undefined;
  referenceName: string;
  currentName: string;
  referenceRows: number;
  currentRows: number;
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  columns: readonly ReportColumn[];
  generatedAt?: Date | undefined;
}

/**
 * How strongly a column drifted, comparable across tests: the score over its threshold for a
 * distance, the threshold over the score for a p-value (both above 1 when drift was found).
 */
function severity(c: ReportColumn): number {
  if (c.skipped !== undefined || c.score === undefined || c.threshold === undefined) return -1;
  if (c.scoreKind === 'p_value') return c.threshold / Math.max(c.score, Number.MIN_VALUE);
  return c.threshold === 0 ? c.score : c.score / c.threshold;
}

const fmt = (x: number | undefined) =>
  x === undefined ? '–' : Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(3) : x.toPrecision(4);

function summaryRow(c: ReportColumn, i: number): string {
  const verdict =
    c.skipped !== undefined
      ? `<span class="skip">skipped: ${escapeHtml(c.skipped)}</span>`
      : c.driftDetected
        ? '<span class="drift">drift</span>'
        : '<span class="ok">no drift</span>';
  return `<tr><td><a href="#col-${i}">${escapeHtml(c.column)}</a></td><td>${escapeHtml(c.type)}</td><td>${escapeHtml(c.stattest ?? '–')}</td><td class="num">${fmt(c.score)}</td><td class="num">${fmt(c.threshold)}</td><td>${verdict}</td></tr>`;
}

function columnSection(c: ReportColumn, i: number): string {
  const scoreName = c.scoreKind === 'p_value' ? 'p-value' : 'distance';
  const detail =
    c.skipped !== undefined
      ? `Skipped: ${escapeHtml(c.skipped)}`
      : `${escapeHtml(c.stattest ?? '')} ${scoreName} ${fmt(c.score)} (threshold ${fmt(c.threshold)}): ${c.driftDetected ? 'drift detected' : 'no drift'}`;
  const chart =
    c.distribution !== undefined && c.distribution.labels.length > 0
      ? `<div class="chart" data-index="${i}" role="img" aria-label="Distribution of ${escapeHtml(c.column)}, reference and current"></div>`
      : '<p class="muted">No values to draw.</p>';
  return `<section id="col-${i}" class="${c.driftDetected ? 'drifted' : ''}"><h3>${escapeHtml(c.column)} <small>${escapeHtml(c.type)}</small></h3><p>${detail}</p>${chart}</section>`;
}

/**
 * A drift report as one self-contained HTML file: the verdict, a table of every column sorted by
 * how strongly it drifted, and each column's reference and current distributions drawn with
 * uPlot (inlined, so the file opens offline and can be mailed or stored as an artifact).
 */
export async function renderDriftReport(input: DriftReportInput): Promise<string> {
  const { script, style } = await chartLibrary();
  const columns = [...input.columns].sort(
    (a, b) => severity(b) - severity(a) || a.column.localeCompare(b.column),
  );
  const drifted = columns.filter((c) => c.driftDetected).length;
  const tested = columns.filter((c) => c.skipped === undefined).length;
  const title = input.title ?? 'Data drift report';
  const charts = columns.map((c) => c.distribution ?? null);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style><style>${REPORT_STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Reference <b>${escapeHtml(input.referenceName)}</b> (${input.referenceRows.toLocaleString('en-US')} rows) against current <b>${escapeHtml(input.currentName)}</b> (${input.currentRows.toLocaleString('en-US')} rows)${input.generatedAt === undefined ? '' : `, ${escapeHtml(input.generatedAt.toISOString())}`}.</p>
<p class="verdict ${input.datasetDrift ? 'drift' : 'ok'}">${input.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}: ${drifted} of ${tested} columns drifted (share ${fmt(input.driftShare)}; dataset drift at ${fmt(input.driftShareThreshold)} or more).</p>
<h2>Columns</h2>
<table><thead><tr><th>Column</th><th>Type</th><th>Test</th><th>Score</th><th>Threshold</th><th>Verdict</th></tr></thead>
<tbody>${columns.map(summaryRow).join('')}</tbody></table>
<h2>Distributions</h2>
<p class="muted"><span class="key ref"></span> reference <span class="key cur"></span> current, as shares of each side's values.</p>
${columns.map(columnSection).join('\n')}
</main>
<script type="application/json" id="report-data">${jsonForScript(charts)}</script>
<script>${script}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
