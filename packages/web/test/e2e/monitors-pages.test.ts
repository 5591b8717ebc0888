import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { infer, registerScorer, scorerRows } from './support/deployment-fixtures.js';
import type { ScorerRows } from './support/deployment-fixtures.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };
const VIEWER = 'viewer';
const VIEWER_PASSWORD = 'viewer-password-123';
const MONITOR = 'scorer-inputs';
/** The inputs the served traffic scales up: these drift, the other 25 do not. */
const DRIFTED = 5;
const REQUESTS = 40;
const FEATURES = 30;

async function signedIn(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  expected: ExpectedHttpError[] = [],
): Promise<WatchedPage> {
  const w = await openPage(browser, [ANONYMOUS_WHOAMI, ...expected]);
  await w.page.goto(url);
  await w.page.getByLabel('Username').fill(username);
  await w.page.getByLabel('Password').fill(password);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.waitForURL((at) => !at.pathname.startsWith('/login'));
  return w;
}

/** A value moved by up to ±1 %, deterministically, so columns are not a handful of values. */
const jitter = (value: number, seed: number) => value * (1 + 0.01 * Math.sin(seed * 12.9898));

/** The reference: the golden rows five times over, jittered, as a CSV of input[0]..input[29]. */
function referenceCsv(rows: ScorerRows): string {
  const header = Array.from({ length: FEATURES }, (_, j) => `input[${j}]`).join(',');
  const lines = [header];
  for (let i = 0; i < rows.inputs.length * 5; i += 1) {
    const row = rows.inputs[i % rows.inputs.length] as number[];
    lines.push(row.map((v, j) => jitter(v, i * FEATURES + j).toPrecision(6)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Served traffic: like the reference, but the first DRIFTED inputs 1.8 times larger. */
function drifted(row: readonly number[], i: number): number[] {
  return row.map((v, j) => jitter(v, 7_000 + i * FEATURES + j) * (j < DRIFTED ? 1.8 : 1));
}

function specYaml(runId: string, extra = ''): string {
  return `name: ${MONITOR}
deployment: scorer
description: The scorer's inputs against its training rows
reference:
  type: dataset
  uri: runs:/${runId}/reference.csv
window:
  duration: 1h
minRows: 5
drift:
  driftShare: 0.1
performance:
  task: regression
alerts:
  - name: inputs-drifted
    metric: drift.share
    op: '>='
    threshold: 0.1
${extra}`;
}

/** Polls `check` until it holds (expect.poll works inside tests only, not in beforeAll). */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The heatmap's canvas wrapper, which carries its size and drifted count as data attributes. */
const heatmap = (page: Page) => page.getByRole('img', { name: /^Heatmap of drift/u });

describe('monitors pages', () => {
  let server: WebServer;
  let browser: Browser;
  let rows: ScorerRows;
  let runId = '';

  beforeAll(async () => {
    [server, browser, rows] = await Promise.all([
      startWebServer({ auth: true }),
      launchBrowser(),
      scorerRows(),
    ]);
    const { admin } = server;
    await admin.users.create({ username: VIEWER, password: VIEWER_PASSWORD });
    await registerScorer(admin, 'scorer');
    await admin.deployments.apply({
      name: 'scorer',
      policy: {
        type: 'canary',
        stable: 'models:/scorer/1',
        candidate: 'models:/scorer/2',
        steps: [50, 100],
        interval: '1h',
      },
    });
    const run = await admin.runs.create({ experimentId: '0', runName: 'training-rows' });
    runId = run.info.runId;
    await admin.artifacts.upload(runId, 'reference.csv', referenceCsv(rows));
    const labels: { requestId: string; label: number }[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const row = drifted(rows.inputs[i % rows.inputs.length] as number[], i);
      const served = await infer(server.url, 'scorer', row, `req-${i}`);
      // Ground truth for every other request: half the window is labelled.
      if (i % 2 === 0) labels.push({ requestId: served.id, label: served.output > 0.5 ? 1 : 0 });
    }
    // The prediction logger writes about once a second.
    await waitFor(
      async () =>
        (await admin.deployments.predictions('scorer', { maxResults: 100 })).predictions.length ===
        REQUESTS,
      'every request in the prediction log',
    );
    await admin.deployments.groundTruth('scorer', labels);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a monitor from the UI, refusing a bad spec with the server’s words', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer`,
      ADMIN_USER,
      ADMIN_PASSWORD,
      [{ path: `/api/v1/monitors/${MONITOR}`, status: 400 }],
    );
    const { page } = w;
    await page.getByRole('link', { name: 'Monitors', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Monitors of scorer' }).waitFor();
    await page.getByText('This deployment has no monitors yet.').waitFor();
    await expectAccessible(page, 'a deployment without monitors');

    await page.getByRole('link', { name: 'New monitor' }).click();
    const spec = page.getByLabel('Monitor spec (YAML)');
    // The template is a valid spec for this deployment.
    expect(await spec.inputValue()).toContain('deployment: scorer');
    expect(await spec.inputValue()).toContain('every: 15m');
    await expectAccessible(page, 'the new monitor form');

    await spec.fill(specYaml(runId, 'schedule:\n  every: soon\nwindows: 3\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    const problems = page.locator('.mon-problems');
    await problems.waitFor();
    const text = await problems.textContent();
    expect(text).toContain('schedule.every: must be a positive duration');
    expect(text).toContain('windows: unknown field');
    expect(await spec.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'a refused spec');
    await screenshot(page, 'monitor-spec-refused');
    expect(await server.admin.monitors.list()).toEqual([]);

    await spec.fill(specYaml(runId));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/deployments\/scorer\/monitors\/scorer-inputs$/u);
    await page.getByRole('heading', { level: 1, name: /scorer-inputs/u }).waitFor();
    await page.getByText('No runs yet.').waitFor();
    expect((await server.admin.monitors.get(MONITOR)).spec.minRows).toBe(5);
    await w.close();
  });

  it('runs it and shows drift per column over time, the latest distributions and charts', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer/monitors/${MONITOR}`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    for (const runs of [1, 2]) {
      await page.getByRole('button', { name: `Run now ${MONITOR}` }).click();
      await page.getByRole('status').filter({ hasText: 'Run stored.' }).waitFor();
      await expect.poll(() => heatmap(page).getAttribute('data-runs')).toBe(String(runs));
    }
    const map = heatmap(page);
    expect(await map.getAttribute('data-rows')).toBe(String(FEATURES));
    // The scaled inputs drift in both runs; the others stay within their thresholds.
    const stored = await server.admin.monitors.history(MONITOR);
    const all = stored[0]?.results.find((r) => r.version === null);
    const driftedColumns = all?.drift?.columns.filter((c) => c.driftDetected).map((c) => c.column);
    expect(driftedColumns).toEqual(Array.from({ length: DRIFTED }, (_, j) => `input[${j}]`));
    expect(await map.getAttribute('data-drifted')).toBe(String(2 * DRIFTED));

    // The most drifted column is the first row; its newest cell names the test and the verdict.
    const canvas = map.locator('canvas');
    const box = await canvas.boundingBox();
    if (box === null) throw new Error('the heatmap has no box');
    await canvas.hover({ position: { x: box.width - 3, y: 8 } });
    const tooltip = page.getByTestId('heatmap-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/^input\[[0-4]\].*p-value .*: drift$/u);

    // The same as a table: every cell, drifted ones marked.
    await page.getByRole('button', { name: 'Show the drift as a table' }).click();
    const table = page.getByRole('region', { name: 'Drift per column and run' });
    expect(await table.locator('td[data-drift="true"]').count()).toBe(2 * DRIFTED);
    expect(await table.locator('td[data-drift="false"]').count()).toBe(2 * (FEATURES - DRIFTED));

    // The latest run's columns, most drifted first, each with its distributions.
    const columns = page.getByRole('list', { name: 'Columns, most drifted first' });
    const cards = columns.locator('li[data-column]');
    expect(await cards.count()).toBe(FEATURES);
    expect(
      await cards.evaluateAll((lis) => lis.slice(0, 6).map((li) => li.getAttribute('data-drift'))),
    ).toEqual(['true', 'true', 'true', 'true', 'true', 'false']);
    const first = cards.first();
    expect(await first.textContent()).toMatch(/ks p-value .*threshold 0\.05: drift/u);
    await first
      .getByRole('img', { name: /^Distribution of input\[[0-4]\]: reference and current/u })
      .waitFor();

    // Performance from the ground truth of half the window, and the serving figures.
    await page.getByRole('list', { name: 'mae, newest run' }).waitFor();
    expect(
      await page.getByRole('list', { name: 'Ground-truth coverage, newest run' }).textContent(),
    ).toContain('50 %');
    await page.getByRole('list', { name: 'Latency, newest run' }).getByText('p95').waitFor();

    // The alert on the drift share fired on the first run.
    const alert = page.locator('tr[data-alert="inputs-drifted"]');
    await expect.poll(() => alert.getAttribute('data-status')).toBe('firing');
    expect(await page.locator('tr[data-event="fired"]').count()).toBe(1);
    // No webhook subscribes to alerts in this test: the event says so rather than showing nothing.
    expect(await page.locator('tr[data-event="fired"]').textContent()).toContain('none subscribed');
    await expectAccessible(page, 'a monitor with two runs');
    await screenshot(page, 'monitor-page');

    // One version's results: the version selector lists those the runs judged.
    const versions = await page.getByLabel('Traffic').locator('option').allTextContents();
    expect(versions[0]).toBe('All traffic');
    expect(versions.length).toBeGreaterThan(1);
    await page.getByLabel('Traffic').selectOption({ label: versions[1] ?? '' });
    await page.waitForURL(/version=/u);
    await expect.poll(() => heatmap(page).getAttribute('data-runs')).toBe('2');

    // Each run's report, saved with the session's token (auth is on).
    const download = page.waitForEvent('download');
    await page
      .getByRole('button', { name: /^Download report of the run of/u })
      .first()
      .click();
    const file = await download;
    expect(await readFile(await file.path(), 'utf8')).toContain('<html');
    await w.close();
  });

  it('edits the spec as YAML with durations as text', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer/monitors/${MONITOR}`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    await page.getByRole('link', { name: 'Edit' }).click();
    const spec = page.getByLabel('Monitor spec (YAML)');
    await spec.waitFor();
    const text = await spec.inputValue();
    expect(text).toContain('duration: 1h');
    expect(text).not.toContain('3600000');
    await expectAccessible(page, 'the spec editor');
    await spec.fill(text.replace('minRows: 5', 'minRows: 6'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/monitors\/scorer-inputs$/u);
    await page.getByText('6 predictions').waitFor();
    expect((await server.admin.monitors.get(MONITOR)).spec.window.duration).toBe(3_600_000);
    await w.close();
  });

  it('shows a READ-only user everything but the controls that change monitors', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer/monitors`,
      VIEWER,
      VIEWER_PASSWORD,
    );
    const { page } = w;
    const row = page.locator(`tr[data-monitor="${MONITOR}"]`);
    await expect.poll(() => row.locator('[data-figure="dataset-drift"]').textContent()).toBe('yes');
    expect(await row.locator('[data-figure="drift-share"]').textContent()).toBe(
      `${Math.round((DRIFTED / FEATURES) * 100)} %`,
    );
    expect(await row.locator('[data-figure="firing-alerts"]').textContent()).toBe('1');
    expect(await page.getByRole('link', { name: 'New monitor' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Run now/u }).count()).toBe(0);
    await expectAccessible(page, 'the monitors list, read-only');
    await screenshot(page, 'monitors-list-read-only');

    await row.getByRole('link', { name: MONITOR }).click();
    await heatmap(page).waitFor();
    // The permission is known once the heatmap is drawn: no controls appeared meanwhile.
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    for (const name of [/^Run now/u, /^Delete$/u]) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await expectAccessible(page, 'a monitor, read-only');
    await w.close();
  });

  it('deletes a monitor after a confirmation', async () => {
    const { admin } = server;
    await admin.monitors.apply(specYaml(runId).replace(`name: ${MONITOR}`, 'name: scratch'));
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer/monitors/scratch`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete scratch?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/deployments\/scorer\/monitors$/u);
    await page.locator(`tr[data-monitor="${MONITOR}"]`).waitFor();
    expect(await page.locator('tr[data-monitor="scratch"]').count()).toBe(0);
    expect((await admin.monitors.list()).map((m) => m.name)).toEqual([MONITOR]);
    await w.close();
  });
});
