import type { ColumnDistribution } from '@slipway/core';
import { chartLibrary } from './chart-library.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets.js';

/**
 * The distributions a page draws: a chart element refers to its entry by `data-index`, so
 * several drift sections can share one page and one script.
 */
export class ReportCharts {
  readonly data: (ColumnDistribution | null)[] = [];

  /** The index of a chart of `distribution` (referred to by the element's `data-index`). */
  add(distribution: ColumnDistribution): number {
    return this.data.push(distribution) - 1;
  }
}

/**
 * For a report served over HTTP: its inline script and styles only, no request to anywhere, and
 * a sandbox (an origin of its own), so a report never acts with the reader's session. Pages of
 * the same origin (the web UI) may frame it.
 */
export const REPORT_CONTENT_SECURITY_POLICY = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "frame-ancestors 'self'",
].join('; ');

/**
 * One self-contained HTML page: the report's style, the body, and uPlot with the chart script
 * inlined (no request leaves the file, so it opens offline and can be mailed or archived).
 */
export async function renderReportPage(page: {
  title: string;
  body: string;
  charts: ReportCharts;
}): Promise<string> {
  const { script, style } = await chartLibrary();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title><style>${style}</style><style>${REPORT_STYLE}</style></head>
<body><main>
${page.body}
</main>
<script type="application/json" id="report-data">${jsonForScript(page.charts.data)}</script>
<script>${script}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
