import type { ColumnDistribution } from '@slipway/core';
import { escapeHtml } from './html-escape.js';
import { ReportCharts, renderReportPage } from './report-page.js';

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

/** A drift result's verdict and columns, as computed now or read back from a stored run. */
export interface DriftSectionInput {
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  columns: readonly ReportColumn[];
}

export interface DriftReportInput extends DriftSectionInput {
  title?: string | undefined;
  referenceName: string;
  currentName: string;
  referenceRows: number;
  currentRows: number;
  generatedAt?: Date | undefined;
}

/** A column of a drift report (core's computeDrift, or the API's stored form with distributions). */
export interface DriftColumnResult {
  column: string;
  type: string | null;
  stattest: string | null;
  scoreKind: 'p_value' | 'distance' | null;
  score: number | null;
  threshold: number | null;
  driftDetected: boolean;
  skipped?: string | undefined;
  distribution?: ColumnDistribution | undefined;
}

/** Report columns from drift columns; `distributions` adds to (or stands in for) stored ones. */
export function reportColumns(
  columns: readonly DriftColumnResult[],
  distributions?: ReadonlyMap<string, ColumnDistribution>,
): ReportColumn[] {
  return columns.map((c) => ({
    column: c.column,
    type: c.type ?? 'empty',
    stattest: c.stattest ?? undefined,
    scoreKind: c.scoreKind ?? undefined,
    score: c.score ?? undefined,
    threshold: c.threshold ?? undefined,
    driftDetected: c.driftDetected,
    skipped: c.skipped,
    distribution: distributions?.get(c.column) ?? c.distribution,
  }));
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

/** A number for a report cell: four significant digits, tiny ones in exponent form. */
export const fmt = (x: number | undefined | null): string =>
  x === undefined || x === null
    ? '–'
    : Math.abs(x) < 1e-4 && x !== 0
      ? x.toExponential(3)
      : x.toPrecision(4);

function verdictCell(c: ReportColumn): string {
  if (c.skipped !== undefined) return `<span class="skip">skipped: ${escapeHtml(c.skipped)}</span>`;
  return c.driftDetected ? '<span class="drift">drift</span>' : '<span class="ok">no drift</span>';
}

function summaryRow(c: ReportColumn, id: string): string {
  return `<tr><td><a href="#${id}">${escapeHtml(c.column)}</a></td><td>${escapeHtml(c.type)}</td><td>${escapeHtml(c.stattest ?? '–')}</td><td class="num">${fmt(c.score)}</td><td class="num">${fmt(c.threshold)}</td><td>${verdictCell(c)}</td></tr>`;
}

function columnSection(c: ReportColumn, id: string, level: number, charts: ReportCharts): string {
  const scoreName = c.scoreKind === 'p_value' ? 'p-value' : 'distance';
  const detail =
    c.skipped !== undefined
      ? `Skipped: ${escapeHtml(c.skipped)}`
      : `${escapeHtml(c.stattest ?? '')} ${scoreName} ${fmt(c.score)} (threshold ${fmt(c.threshold)}): ${c.driftDetected ? 'drift detected' : 'no drift'}`;
  const chart =
    c.distribution !== undefined && c.distribution.labels.length > 0
      ? `<div class="chart" data-index="${charts.add(c.distribution)}" role="img" aria-label="Distribution of ${escapeHtml(c.column)}, reference and current"></div>`
      : '<p class="muted">No values to draw.</p>';
  return `<section id="${id}" class="${c.driftDetected ? 'drifted' : ''}"><h${level}>${escapeHtml(c.column)} <small>${escapeHtml(c.type)}</small></h${level}><p>${detail}</p>${chart}</section>`;
}

/**
 * A drift result as HTML: the verdict, a table of every column sorted by how strongly it
 * drifted, and each column's reference and current distributions (charts added to `charts`).
 * `idPrefix` keeps anchors apart when a page holds several results; `level` is the heading
 * level of its parts.
 */
export function driftSection(
  input: DriftSectionInput,
  charts: ReportCharts,
  options: { idPrefix?: string; level?: 2 | 3 | 4 } = {},
): string {
  const prefix = options.idPrefix ?? '';
  const level = options.level ?? 2;
  const columns = [...input.columns].sort(
    (a, b) => severity(b) - severity(a) || a.column.localeCompare(b.column),
  );
  const id = (i: number) => `${prefix}col-${i}`;
  const drifted = columns.filter((c) => c.driftDetected).length;
  const tested = columns.filter((c) => c.skipped === undefined).length;
  return `<p class="verdict ${input.datasetDrift ? 'drift' : 'ok'}">${input.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}: ${drifted} of ${tested} columns drifted (share ${fmt(input.driftShare)}; dataset drift at ${fmt(input.driftShareThreshold)} or more).</p>
<h${level}>Columns</h${level}>
<table><thead><tr><th>Column</th><th>Type</th><th>Test</th><th>Score</th><th>Threshold</th><th>Verdict</th></tr></thead>
<tbody>${columns.map((c, i) => summaryRow(c, id(i))).join('')}</tbody></table>
<h${level}>Distributions</h${level}>
<p class="muted"><span class="key ref"></span> reference <span class="key cur"></span> current, as shares of each side's values.</p>
${columns.map((c, i) => columnSection(c, id(i), level + 1, charts)).join('\n')}`;
}

/**
 * A drift report as one self-contained HTML file: the verdict, a table of every column sorted by
 * how strongly it drifted, and each column's reference and current distributions drawn with
 * uPlot (inlined, so the file opens offline and can be mailed or stored as an artifact).
 */
export async function renderDriftReport(input: DriftReportInput): Promise<string> {
  const title = input.title ?? 'Data drift report';
  const charts = new ReportCharts();
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="muted">Reference <b>${escapeHtml(input.referenceName)}</b> (${input.referenceRows.toLocaleString('en-US')} rows) against current <b>${escapeHtml(input.currentName)}</b> (${input.currentRows.toLocaleString('en-US')} rows)${input.generatedAt === undefined ? '' : `, ${escapeHtml(input.generatedAt.toISOString())}`}.</p>
${driftSection(input, charts)}`;
  return renderReportPage({ title, body, charts });
}
