import { writeFile } from 'node:fs/promises';
import { formatExpectationResult } from '@slipway/core';
import type { ExpectationValidationResult, ValidationResult } from '@slipway/core';
import { escapeHtml, jsonForScript } from '../report/html-escape.js';
import { REPORT_STYLE } from '../report/report-assets.js';

export interface ValidationReportInput {
  result: ValidationResult;
  /** What was validated, e.g. the data file's name. */
  dataName: string;
  rowCount: number;
  title?: string | undefined;
  generatedAt?: Date | undefined;
}

const MAX_VALUE_CHARS = 600;
const EXAMPLES_SHOWN = 20;
// The result fields worth a row, in reading order; the rest (details) go in one row.
const OBSERVED_FIELDS = [
  'observed_value',
  'element_count',
  'missing_count',
  'missing_percent',
  'unexpected_count',
  'unexpected_percent',
  'unexpected_percent_total',
] as const;

/** A value as compact JSON (NaN and ±Infinity spelled out), cut short when long. */
function show(value: unknown): string {
  const text =
    typeof value === 'number' && !Number.isFinite(value)
      ? String(value)
      : (JSON.stringify(value, (_k, v: unknown) =>
          typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
        ) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

const row = (name: string, value: unknown) =>
  `<tr><th scope="row">${escapeHtml(name)}</th><td><code>${escapeHtml(show(value))}</code></td></tr>`;

function statusCell(entry: ExpectationValidationResult): string {
  if (entry.exception_info.raised_exception) return '<span class="drift">error</span>';
  return entry.success ? '<span class="ok">passed</span>' : '<span class="drift">failed</span>';
}

function summaryRow(entry: ExpectationValidationResult, i: number): string {
  // The text line without its ✓/✗ mark, which the status cell says in words.
  const line = (formatExpectationResult(entry).split('\n')[0] ?? '').slice(2);
  return `<tr><td class="num">${i + 1}</td><td>${statusCell(entry)}</td><td><a href="#e-${i}">${escapeHtml(line)}</a></td></tr>`;
}

function expectationSection(entry: ExpectationValidationResult, i: number): string {
  const kwargs: Record<string, unknown> = entry.kwargs;
  const result: Record<string, unknown> = { ...entry.result };
  const expected = Object.entries(kwargs).map(([k, v]) => row(k, v));
  const observed = OBSERVED_FIELDS.filter((f) => result[f] !== undefined).map((f) =>
    row(f, result[f]),
  );
  if (entry.result.details !== undefined) observed.push(row('details', entry.result.details));
  const examples = entry.result.partial_unexpected_list ?? [];
  const exampleList =
    examples.length === 0
      ? ''
      : `<h4>Unexpected examples (${examples.length} shown of ${entry.result.unexpected_count ?? examples.length})</h4><ul class="examples">${examples
          .slice(0, EXAMPLES_SHOWN)
          .map((v) => `<li><code>${escapeHtml(show(v))}</code></li>`)
          .join('')}</ul>`;
  const message = entry.exception_info.exception_message;
  const error = message === null ? '' : `<p class="drift">Error: ${escapeHtml(message)}</p>`;
  return `<section id="e-${i}" class="${entry.success ? '' : 'drifted'}"><h3>${i + 1}. ${escapeHtml(entry.expectation_type)} ${statusCell(entry)}</h3>${error}
<table class="pair"><thead><tr><th>Expected (kwargs)</th><th>Observed (result)</th></tr></thead><tbody><tr>
<td><table><tbody>${expected.join('') || '<tr><td class="muted">no kwargs</td></tr>'}</tbody></table></td>
<td><table><tbody>${observed.join('') || '<tr><td class="muted">nothing measured</td></tr>'}</tbody></table></td>
</tr></tbody></table>${exampleList}</section>`;
}

const EXTRA_STYLE = `
table.pair>tbody>tr>td{vertical-align:top;width:50%;padding:0 8px 0 0}
table table th{font-weight:normal;color:#57606a;width:40%}code{white-space:pre-wrap;word-break:break-word}
ul.examples{columns:2;margin:4px 0 12px}
`;

/**
 * A validation result as one self-contained HTML file (no scripts or resources to fetch): the
 * verdict, a line per expectation, and each expectation's kwargs beside what was observed, with
 * the unexpected examples. The raw result is embedded as JSON for tools that read the file.
 */
export function renderValidationReport(input: ValidationReportInput): string {
  const { result } = input;
  const stats = result.statistics;
  const title = input.title ?? 'Data validation report';
  const when = input.generatedAt === undefined ? '' : `, ${input.generatedAt.toISOString()}`;
  const percent = stats.success_percent === null ? '' : ` (${stats.success_percent.toFixed(1)}%)`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLE}${EXTRA_STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Suite <b>${escapeHtml(result.suite_name)}</b> on <b>${escapeHtml(input.dataName)}</b> (${input.rowCount.toLocaleString('en-US')} rows)${escapeHtml(when)}.</p>
<p class="verdict ${result.success ? 'ok' : 'drift'}">${result.success ? 'PASSED' : 'FAILED'}: ${stats.successful_expectations} of ${stats.evaluated_expectations} expectations met${percent}, ${stats.unsuccessful_expectations} failed.</p>
<h2>Expectations</h2>
<table><thead><tr><th>#</th><th>Status</th><th>Expectation: expected; observed</th></tr></thead>
<tbody>${result.results.map(summaryRow).join('')}</tbody></table>
<h2>Details</h2>
${result.results.map(expectationSection).join('\n')}
</main>
<script type="application/json" id="validation-result">${jsonForScript(result)}</script>
</body></html>
`;
}

/** Renders the report into `path` (one file; overwritten). */
export async function writeValidationReport(
  path: string,
  input: ValidationReportInput,
): Promise<void> {
  await writeFile(path, renderValidationReport(input));
}
