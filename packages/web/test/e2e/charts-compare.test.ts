import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** Three runs with distinct, known params and metrics over five steps, one second apart. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const RUNS = {
  alpha: {
    params: { lr: '0.1', optimizer: 'adam', layers: '2', batch_size: '32' },
    loss: [1, 0.5, 0.25, 0.125, 0.0625],
    acc: [0.5, 0.6, 0.7, 0.8, 0.9],
  },
  beta: {
    params: { lr: '0.01', optimizer: 'sgd', layers: '2', batch_size: '32' },
    loss: [2, 1, 0.5, 0.25, 0.125],
    acc: [0.4, 0.5, 0.6, 0.7, 0.8],
  },
  gamma: {
    params: { lr: '0.001', optimizer: 'adam', layers: '4', batch_size: '32' },
    loss: [4, 2, 1, 0.5, 0.25],
    acc: [0.45, 0.55, 0.65, 0.75, 0.85],
  },
} as const;
/** Only alpha logs it: negative and zero values, which a log scale cannot draw. */
const GAIN = [-0.5, 0, 0.5, 1, 1.5];
/** alpha's loss smoothed with weight 0.5 (TensorBoard's debiased moving average), 6 digits. */
const ALPHA_LOSS_SMOOTHED = ['1', '0.666667', '0.428571', '0.266667', '0.16129'];

// The page's own types, as far as these checks use them (the tests' TypeScript has no DOM lib).
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
declare function getComputedStyle(element: PageElement): { backgroundColor: string };

/** The rows of a table's body, each as its cells' text (row header included). */
function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows: PageElement[]) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim()),
      ),
    );
}

/** How many pixels of the chart's canvas uPlot painted (not transparent): > 0 when it drew. */
function paintedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: PageCanvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
    return painted;
  });
}

/** The scatter plot's points: run, values (data attributes) and where they are drawn. */
function scatterPoints(scatter: Locator) {
  return scatter.locator('g.scatter-point').evaluateAll((gs: PageElement[]) =>
    gs.map((g) => {
      const circle = g.querySelector('circle');
      return {
        runId: g.getAttribute('data-run-id'),
        x: g.getAttribute('data-x'),
        y: g.getAttribute('data-y'),
        cx: Number(circle?.getAttribute('cx')),
        cy: Number(circle?.getAttribute('cy')),
      };
    }),
  );
}

// Controls bound to the URL apply it at once (flushSync), as a control's own state would: a test
// checks one with check() and reads its new state, and what it shows, right after the click.

/** Opens a chart's data table and returns its rows. */
async function openDataTable(page: Page, metricKey: string): Promise<Locator> {
  const chart = page.getByRole('region', { name: `Chart of ${metricKey}` });
  const toggle = chart.getByRole('button', { name: 'Show data table' });
  if ((await toggle.count()) > 0) await toggle.click();
  const table = chart.getByRole('region', { name: `${metricKey} values` }).locator('table');
  await table.waitFor();
  return table;
}

const column = (rows: string[][], index: number) => rows.map((r) => r[index] ?? '');

/** A parameter of the page's URL as Playwright last heard of it (it hears of a change a moment later). */
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('metric charts and comparing runs', () => {
  let server: WebServer;
  let browser: Browser;
  const ids: Record<keyof typeof RUNS, string> = { alpha: '', beta: '', gamma: '' };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const { admin } = server;
    const { experimentId } = await admin.experiments.create({ name: 'charts-compare' });
    for (const [name, spec] of Object.entries(RUNS) as Array<
      [keyof typeof RUNS, (typeof RUNS)[keyof typeof RUNS]]
    >) {
      const run = await admin.runs.create({ experimentId, runName: name, startTime: T0 });
      ids[name] = run.info.runId;
      const series = {
        loss: spec.loss,
        acc: spec.acc,
        ...(name === 'alpha' ? { gain: GAIN } : {}),
      };
      await admin.runs.logBatch(run.info.runId, {
        params: Object.entries(spec.params).map(([key, value]) => ({ key, value })),
        metrics: [
          ...Object.entries(series).flatMap(([key, values]) =>
            values.map((value, step) => ({ key, value, step, timestamp: T0 + step * 1000 })),
          ),
          { key: 'epochs', value: 5, step: 0, timestamp: T0 },
        ],
      });
      await admin.runs.end(run.info.runId, 'FINISHED');
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("draws a run's metrics at /runs/:runId/metrics, with smoothing, log scale and x axis in the URL", async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/runs/${ids.alpha}/metrics`);
    const loss = page.getByRole('region', { name: 'Chart of loss' });
    await loss.locator('canvas').waitFor();
    await expect.poll(() => paintedPixels(loss)).toBeGreaterThan(100);
    for (const key of ['acc', 'epochs', 'gain']) {
      await page.getByRole('region', { name: `Chart of ${key}` }).waitFor();
    }

    // The data table holds the values as logged, and as drawn (no smoothing yet).
    const table = await openDataTable(page, 'loss');
    let rows = await tableRows(table);
    expect(column(rows, 0)).toEqual(Array(5).fill('alpha'));
    expect(column(rows, 1)).toEqual(['0', '1', '2', '3', '4']);
    expect(column(rows, 3)).toEqual(['0s', '1s', '2s', '3s', '4s']);
    expect(column(rows, 4)).toEqual(['1', '0.5', '0.25', '0.125', '0.0625']);
    expect(column(rows, 5)).toEqual(['1', '0.5', '0.25', '0.125', '0.0625']);
    await expectAccessible(page, 'the run metrics panel with a data table');
    await screenshot(page, 'run-metrics-panel');

    // Smoothing: the moving average is drawn, the logged values stay; 0 turns it off again.
    const smoothing = page.getByRole('slider', { name: 'Smoothing' });
    await smoothing.fill('0.5');
    expect(await smoothing.inputValue()).toBe('0.5');
    await expect.poll(() => param(page, 'smooth')).toBe('0.5');
    await expect.poll(async () => column(await tableRows(table), 5)).toEqual(ALPHA_LOSS_SMOOTHED);
    expect(column(await tableRows(table), 4)).toEqual(['1', '0.5', '0.25', '0.125', '0.0625']);
    await screenshot(page, 'run-metrics-panel-smoothed');
    await smoothing.fill('0');
    expect(await smoothing.inputValue()).toBe('0');
    await expect.poll(() => param(page, 'smooth')).toBeNull();
    await expect
      .poll(async () => column(await tableRows(table), 5))
      .toEqual(['1', '0.5', '0.25', '0.125', '0.0625']);

    // Log scale: positive values are drawn as they are; zero and negatives cannot be.
    const logScale = page.getByRole('checkbox', { name: 'Log scale (y)' });
    await logScale.check();
    expect(await logScale.isChecked()).toBe(true);
    await expect.poll(() => param(page, 'log')).toBe('1');
    expect(column(await tableRows(table), 5)).toEqual(['1', '0.5', '0.25', '0.125', '0.0625']);
    const gain = await openDataTable(page, 'gain');
    rows = await tableRows(gain);
    expect(column(rows, 4)).toEqual(['-0.5', '0', '0.5', '1', '1.5']);
    expect(column(rows, 5)).toEqual(['not plotted', 'not plotted', '0.5', '1', '1.5']);
    await expect.poll(() => paintedPixels(loss)).toBeGreaterThan(100);

    // The x axis is in the URL and survives a reload, with the other settings.
    await page.getByRole('radio', { name: 'Wall time' }).check();
    expect(await page.getByRole('radio', { name: 'Wall time' }).isChecked()).toBe(true);
    await expect.poll(() => param(page, 'x')).toBe('wall');
    await page.reload();
    await page.getByRole('region', { name: 'Chart of loss' }).locator('canvas').waitFor();
    expect(await page.getByRole('radio', { name: 'Wall time' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Log scale (y)' }).isChecked()).toBe(true);
    const params = new URL(page.url()).searchParams;
    expect([params.get('x'), params.get('log')]).toEqual(['wall', '1']);
    await page.getByRole('radio', { name: 'Relative time' }).check();
    expect(await page.getByRole('radio', { name: 'Wall time' }).isChecked()).toBe(false);
    await expect.poll(() => param(page, 'x')).toBe('relative');
    await expect.poll(() => paintedPixels(loss)).toBeGreaterThan(100);

    // The key filter narrows the charts, and is in the URL too.
    await page.getByLabel('Filter metrics').fill('ga');
    await expect.poll(() => param(page, 'filter')).toBe('ga');
    expect(await page.locator('section.metric-chart').count()).toBe(1);
    await page.getByRole('region', { name: 'Chart of gain' }).waitFor();
    await page.getByText('1 of 4 metrics match').waitFor();
    await expectAccessible(page, 'the run metrics panel, filtered, log scale');
    await w.close();
  });

  it('compares runs: diff table with the differences marked, and only differences', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/compare?runs=${ids.alpha},${ids.beta},${ids.gamma}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Compare 3 runs');
    const table = page.getByRole('table', { name: 'Parameters and metrics of the compared runs' });
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Key', 'alpha', 'beta', 'gamma']);
    const row = (key: string) => table.locator(`tr[data-key="${key}"]`);
    const cells = (key: string) => row(key).locator('td').allTextContents();
    expect(await cells('params.lr')).toEqual(['0.1', '0.01', '0.001']);
    expect(await cells('params.optimizer')).toEqual(['adam', 'sgd', 'adam']);
    expect(await cells('params.batch_size')).toEqual(['32', '32', '32']);
    expect(await cells('metrics.loss')).toEqual(['0.0625', '0.125', '0.25']);
    expect(await cells('metrics.acc')).toEqual(['0.9', '0.8', '0.85']);
    expect(await cells('metrics.gain')).toEqual(['1.5', '—not logged', '—not logged']);
    for (const key of ['params.lr', 'params.optimizer', 'params.layers', 'metrics.loss']) {
      expect(await row(key).getAttribute('data-differs')).toBe('true');
      expect(await row(key).locator('th').textContent()).toContain('(values differ)');
    }
    for (const key of ['params.batch_size', 'metrics.epochs']) {
      expect(await row(key).getAttribute('data-differs')).toBe('false');
    }
    // The highlight is visible: differing rows have another background than the others.
    const background = (key: string) =>
      row(key)
        .locator('td')
        .first()
        .evaluate((td: PageElement) => getComputedStyle(td).backgroundColor);
    expect(await background('params.lr')).not.toBe(await background('params.batch_size'));
    await expectAccessible(page, 'the compare page');
    await screenshot(page, 'compare-page');

    const onlyDifferences = page.getByRole('checkbox', { name: 'Only differences' });
    await onlyDifferences.check();
    expect(await onlyDifferences.isChecked()).toBe(true);
    expect(await row('params.batch_size').count()).toBe(0);
    expect(await row('metrics.epochs').count()).toBe(0);
    expect(await row('params.lr').count()).toBe(1);
    await expect.poll(() => param(page, 'diff')).toBe('only');
    await page.reload();
    await table.waitFor();
    expect(await page.getByRole('checkbox', { name: 'Only differences' }).isChecked()).toBe(true);
    expect(await row('params.batch_size').count()).toBe(0);
    await w.close();
  });

  it('compares runs: overlaid charts, parallel coordinates and a scatter plot, all in the URL', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/compare?runs=${ids.alpha},${ids.beta},${ids.gamma}`);

    // Charts: the first metric by default; loss chosen, with all three runs overlaid.
    await page.getByRole('region', { name: 'Chart of acc' }).locator('canvas').waitFor();
    const picker = page.getByRole('group', { name: 'Metrics to chart' });
    await picker.getByRole('checkbox', { name: 'loss' }).check();
    expect(await picker.getByRole('checkbox', { name: 'loss' }).isChecked()).toBe(true);
    await expect.poll(() => param(page, 'metrics')).toBe('acc,loss');
    const loss = page.getByRole('region', { name: 'Chart of loss' });
    await loss.locator('canvas').waitFor();
    await expect.poll(() => paintedPixels(loss)).toBeGreaterThan(100);
    expect(
      await loss.getByRole('list', { name: 'Runs' }).getByRole('listitem').allTextContents(),
    ).toEqual(['alpha', 'beta', 'gamma']);
    // Runs differ in colour and in dash, so they stay apart without colour vision.
    const swatches = await loss
      .locator('.chart-legend line')
      .evaluateAll((lines: PageElement[]) =>
        lines.map((l) => `${l.getAttribute('stroke')} ${l.getAttribute('stroke-dasharray')}`),
      );
    expect(new Set(swatches.map((s) => s.split(' ')[0])).size).toBe(3);
    expect(new Set(swatches.map((s) => s.split(' ').slice(1).join(' '))).size).toBe(3);

    // Hovering reads the values at the pointer's step (the left edge: step 0).
    await loss.locator('.u-over').hover({ position: { x: 3, y: 40 } });
    await expect.poll(() => loss.locator('.chart-readout').textContent()).toBe('Step: 0');
    expect(
      await loss.getByRole('list', { name: 'Runs' }).getByRole('listitem').allTextContents(),
    ).toEqual(['alpha1', 'beta2', 'gamma4']);
    await page.mouse.move(0, 0);

    // The canvas follows its container's width.
    const canvasWidth = () =>
      loss.locator('canvas').evaluate((c: PageElement & { clientWidth: number }) => c.clientWidth);
    const wide = await canvasWidth();
    await page.setViewportSize({ width: 800, height: 800 });
    await expect.poll(canvasWidth).toBeLessThan(wide - 200);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(canvasWidth).toBe(wide);

    const rows = await tableRows(await openDataTable(page, 'loss'));
    expect(rows).toHaveLength(15);
    expect(rows.filter((r) => r[0] === 'beta').map((r) => r[4])).toEqual(
      RUNS.beta.loss.map(String),
    );
    expect(rows.filter((r) => r[0] === 'gamma').map((r) => r[4])).toEqual(
      RUNS.gamma.loss.map(String),
    );
    await picker.getByRole('checkbox', { name: 'acc' }).uncheck();
    expect(await picker.getByRole('checkbox', { name: 'acc' }).isChecked()).toBe(false);
    expect(await page.locator('section.metric-chart').count()).toBe(1);
    await expect.poll(() => param(page, 'metrics')).toBe('loss');

    // Parallel coordinates: one line per run; pointing at one brings it forward.
    const parallel = page.getByTestId('parallel-coordinates');
    const lines = parallel.locator('g.pc-line[data-run-id]');
    expect(await lines.count()).toBe(3);
    expect(
      (
        await lines.evaluateAll((gs: PageElement[]) => gs.map((g) => g.getAttribute('data-run-id')))
      ).sort(),
    ).toEqual([ids.alpha, ids.beta, ids.gamma].sort());
    expect(await parallel.locator('desc').textContent()).toContain('beta: params.batch_size 32');
    await page
      .getByRole('list', { name: /Runs \(press one/u })
      .getByRole('button', { name: 'beta' })
      .hover();
    await expect
      .poll(() => parallel.locator(`g[data-run-id="${ids.beta}"]`).getAttribute('class'))
      .toContain('highlighted');
    expect(await parallel.locator(`g[data-run-id="${ids.alpha}"]`).getAttribute('class')).toContain(
      'dimmed',
    );
    const axes = page.getByRole('group', { name: 'Axes' });
    await axes.getByRole('checkbox', { name: 'params.batch_size' }).uncheck();
    expect(await axes.getByRole('checkbox', { name: 'params.batch_size' }).isChecked()).toBe(false);
    expect(await parallel.locator('g.pc-axis').count()).toBe(5);

    // Scatter: learning rate against accuracy, one point per run where its values are.
    const xAxis = page.getByLabel('X axis', { exact: true });
    const yAxis = page.getByLabel('Y axis', { exact: true });
    await xAxis.selectOption('params.lr');
    expect(await xAxis.inputValue()).toBe('params.lr');
    await yAxis.selectOption('metrics.acc');
    expect(await yAxis.inputValue()).toBe('metrics.acc');
    const scatter = page.getByTestId('scatter-plot');
    const points = scatter.locator('g.scatter-point');
    await expect.poll(() => points.count()).toBe(3);
    const placed = await scatterPoints(scatter);
    const at = (runId: string) => placed.find((p) => p.runId === runId);
    expect([at(ids.alpha)?.x, at(ids.alpha)?.y]).toEqual(['0.1', '0.9']);
    expect([at(ids.beta)?.x, at(ids.beta)?.y]).toEqual(['0.01', '0.8']);
    expect([at(ids.gamma)?.x, at(ids.gamma)?.y]).toEqual(['0.001', '0.85']);
    // Larger x further right, larger y higher up (SVG y grows downwards); linear in between.
    const [a, b, g] = [at(ids.alpha), at(ids.beta), at(ids.gamma)];
    expect(a && b && g && a.cx > b.cx && b.cx > g.cx).toBe(true);
    expect(a && b && g && a.cy < g.cy && g.cy < b.cy).toBe(true);
    expect(((b?.cx ?? 0) - (g?.cx ?? 0)) / ((a?.cx ?? 0) - (g?.cx ?? 0))).toBeCloseTo(
      0.009 / 0.099,
      2,
    );
    // On a log x axis, 0.01 sits halfway between 0.001 and 0.1.
    const logX = page.getByRole('checkbox', { name: 'Log scale for X' });
    await logX.check();
    expect(await logX.isChecked()).toBe(true);
    await expect
      .poll(async () => {
        const logPlaced = await scatterPoints(scatter);
        const cx = (runId: string) => logPlaced.find((p) => p.runId === runId)?.cx ?? 0;
        return (cx(ids.beta) - cx(ids.gamma)) / (cx(ids.alpha) - cx(ids.gamma));
      })
      .toBeCloseTo(0.5, 3);
    await page.locator('.scatter-plot').getByRole('button', { name: 'Show data table' }).click();
    const scatterRows = await tableRows(page.getByRole('table', { name: 'Scatter plot points' }));
    expect(scatterRows).toEqual([
      ['alpha', '0.1', '0.9'],
      ['beta', '0.01', '0.8'],
      ['gamma', '0.001', '0.85'],
    ]);
    await expectAccessible(page, 'the compare page with its charts');
    await screenshot(page, 'compare-page-charts');

    // Every choice came from the URL: a reload (or a shared link) shows the same.
    const shared = await openPage(browser);
    await shared.page.goto(page.url());
    await shared.page.getByRole('region', { name: 'Chart of loss' }).locator('canvas').waitFor();
    expect(await shared.page.locator('section.metric-chart').count()).toBe(1);
    expect(await shared.page.getByLabel('X axis', { exact: true }).inputValue()).toBe('params.lr');
    expect(await shared.page.getByLabel('Y axis', { exact: true }).inputValue()).toBe(
      'metrics.acc',
    );
    expect(await shared.page.getByRole('checkbox', { name: 'Log scale for X' }).isChecked()).toBe(
      true,
    );
    expect(
      await shared.page
        .getByRole('group', { name: 'Axes' })
        .getByRole('checkbox', { name: 'params.batch_size' })
        .isChecked(),
    ).toBe(false);
    await shared.close();
    await w.close();
  });

  it('explains an empty comparison and shows a run that cannot be loaded', async () => {
    const w = await openPage(browser, [{ path: '/api/v1/runs/no-such-run', status: 404 }]);
    const { page } = w;
    await page.goto(`${server.url}/compare`);
    await page.getByText('No runs chosen.').waitFor();
    await expectAccessible(page, 'the compare page without runs');
    await page.goto(`${server.url}/compare?runs=${ids.alpha},no-such-run`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not load run no-such-run');
    await page
      .getByRole('table', { name: 'Parameters and metrics of the compared runs' })
      .waitFor();
    await expectAccessible(page, 'the compare page with a missing run');
    await w.close();
  });

  it('sends the browser at most ~1,000 points per run of a 100,000-step history', async () => {
    const { admin } = server;
    const run = await admin.runs.create({ experimentId: '0', runName: 'long', startTime: T0 });
    const runId = run.info.runId;
    for (let start = 0; start < 100_000; start += 1000) {
      await admin.runs.logBatch(runId, {
        metrics: Array.from({ length: 1000 }, (_, i) => ({
          key: 'loss',
          value: 1 / (start + i + 1),
          step: start + i,
          timestamp: T0 + (start + i) * 10,
        })),
      });
    }
    const w = await openPage(browser);
    const { page } = w;
    const received: Array<{ bytes: number; points: number[] }> = [];
    page.on('response', (response) => {
      if (!response.url().includes('/history-interval')) return;
      void response.body().then((body) => {
        const json = JSON.parse(body.toString('utf8')) as { runs: Array<{ metrics: unknown[] }> };
        received.push({ bytes: body.length, points: json.runs.map((r) => r.metrics.length) });
      });
    });
    await page.goto(`${server.url}/compare?runs=${runId},${ids.alpha}&metrics=loss`);
    const chart = page.getByRole('region', { name: 'Chart of loss' });
    await chart.locator('canvas').waitFor({ timeout: 20_000 });
    await expect.poll(() => received.length).toBeGreaterThan(0);
    // One request per run; MLflow's sampling keeps 1,000 steps plus the last one of the long
    // run, and all 5 of alpha's.
    await expect.poll(() => received.length).toBe(2);
    for (const { points, bytes } of received) {
      expect(Math.max(...points)).toBeLessThanOrEqual(1003);
      expect(bytes).toBeLessThan(200_000);
    }
    expect(received.flatMap((r) => r.points).sort((x, y) => x - y)).toEqual([5, 1001]);
    const rows = await tableRows(await openDataTable(page, 'loss'));
    const longRows = rows.filter((r) => r[0] === 'long');
    expect(longRows).toHaveLength(1001);
    expect(longRows[0]?.[1]).toBe('0');
    expect(longRows.at(-1)?.[1]).toBe('99999');
    expect(rows.filter((r) => r[0] === 'alpha')).toHaveLength(5);
    expect(Number(await chart.getAttribute('data-points'))).toBe(rows.length);
    await expect.poll(() => paintedPixels(chart)).toBeGreaterThan(100);
    await screenshot(page, 'compare-long-run');

    // Dragging over a tenth of the steps fetches that range afresh: every 10th step instead of
    // every 100th. A double-click goes back to the whole run.
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => chart.getAttribute('data-zoomed-steps')).toMatch(/^\d+-\d+$/u);
    const [start, end] = (await chart.getAttribute('data-zoomed-steps'))!.split('-').map(Number);
    expect(end! - start!).toBeGreaterThan(5_000);
    expect(end! - start!).toBeLessThan(15_000);
    await expect.poll(() => received.length).toBe(4);
    const zoomedRows = (await tableRows(await openDataTable(page, 'loss')))
      .filter((r) => r[0] === 'long')
      .map((r) => Number(r[1]));
    expect(zoomedRows.length).toBeGreaterThan(900);
    expect(Math.min(...zoomedRows)).toBeGreaterThanOrEqual(start!);
    expect(Math.max(...zoomedRows)).toBeLessThanOrEqual(end!);
    expect(zoomedRows[1]! - zoomedRows[0]!).toBeLessThanOrEqual(Math.ceil((end! - start!) / 1000));
    await over.dblclick();
    await expect.poll(() => chart.getAttribute('data-zoomed-steps')).toBeNull();
    await expect
      .poll(
        async () =>
          (await tableRows(await openDataTable(page, 'loss')))
            .filter((r) => r[0] === 'long')
            .at(-1)?.[1],
      )
      .toBe('99999');
    await w.close();
  }, 240_000);
});
