import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CacheKeyParts, PlannedStep, StepStatus } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };
const VIEWER = 'viewer';
const VIEWER_PASSWORD = 'viewer-password-123';
const WORKER = 'e2e-runner';
/** Live pages refresh every second or so, beyond expect.poll's 1 s default. */
const POLL = { timeout: 10_000 };
const ROWS_CSV = 'id,amount\n1,10\n2,20\n';

/** A planned step as the CLI's planner makes it, with the defaults the contract fills in. */
function planned(key: string, needs: string[], extra: Partial<PlannedStep> = {}): PlannedStep {
  const name = key.replace(/\[\d+\]$/u, '');
  return {
    key,
    name,
    needs,
    command: `node ${name}.js`,
    workdir: '.',
    env: {},
    files: [],
    params: {},
    retries: 0,
    retryDelayMs: 1000,
    cache: { enabled: true },
    ...extra,
  };
}

/** prepare -> train[0], train[1] (a fan-out) -> report (their fan-in). */
const STEPS: PlannedStep[] = [
  planned('prepare', [], { command: 'node prepare.js 1000', params: { rows: 1000 } }),
  planned('train[0]', ['prepare'], { index: 0, item: 'small' }),
  planned('train[1]', ['prepare'], { index: 1, item: 'large' }),
  planned('report', ['train[0]', 'train[1]']),
];

const PREPARE_PARTS: CacheKeyParts = {
  command: 'node prepare.js 1000',
  workdir: '.',
  files: { 'prepare.js': 'a'.repeat(64) },
  params: { rows: 1000 },
  inputs: {},
  env: { SEED: '7' },
};
const PREPARE_KEY = 'b'.repeat(64);

/** Runs a step to success as a runner would: start (unless it runs already), upload, finish. */
async function succeed(
  client: SlipwayClient,
  runId: string,
  key: string,
  files: Record<string, string> = {},
  running = false,
) {
  const cache = key === 'prepare' ? { cacheKey: PREPARE_KEY, cacheParts: PREPARE_PARTS } : {};
  if (!running) await client.pipelines.startStep(runId, key, { worker: WORKER, ...cache });
  const outputs = [];
  for (const [path, text] of Object.entries(files)) {
    outputs.push(await client.pipelines.uploadOutput(runId, key, path, new Blob([text])));
  }
  await client.pipelines.finishStep(runId, key, { worker: WORKER, status: 'succeeded', outputs });
}

async function signedIn(
  browser: Browser,
  url: string,
  username: string,
  password: string,
): Promise<WatchedPage> {
  const w = await openPage(browser, [ANONYMOUS_WHOAMI]);
  await w.page.goto(url);
  await w.page.getByLabel('Username').fill(username);
  await w.page.getByLabel('Password').fill(password);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.waitForURL((at) => !at.pathname.startsWith('/login'));
  return w;
}

/** A step's node in the DAG (an SVG group with the button role, named "key: status"). */
const node = (page: Page, key: string) => page.locator(`.pl-dag [data-step="${key}"]`);

async function expectStatuses(page: Page, statuses: Record<string, StepStatus>): Promise<void> {
  for (const [key, status] of Object.entries(statuses)) {
    await expect.poll(() => node(page, key).getAttribute('data-status'), POLL).toBe(status);
    // The status is written out, not only coloured.
    await expect.poll(() => node(page, key).textContent(), POLL).toContain(status);
  }
}

describe('pipelines pages', () => {
  let server: WebServer;
  let browser: Browser;
  let doneRun = '';
  let failedRun = '';
  let liveRun = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
    const { admin } = server;
    await admin.users.create({ username: VIEWER, password: VIEWER_PASSWORD });
    const create = () =>
      admin.pipelines.createRun({
        pipeline: 'churn',
        params: { rows: 1000 },
        steps: STEPS,
        trigger: { type: 'manual' },
      });

    // A run that succeeded: the source of the next run's cached step.
    doneRun = (await create()).runId;
    await admin.pipelines.appendLogs(doneRun, 'prepare', [
      { stream: 'stdout', text: 'wrote 2 rows\n' },
    ]);
    await succeed(admin, doneRun, 'prepare', { 'rows.csv': ROWS_CSV });
    await succeed(admin, doneRun, 'train[0]', { 'model.json': '{"w":1}' });
    await succeed(admin, doneRun, 'train[1]', { 'model.json': '{"w":2}' });
    await succeed(admin, doneRun, 'report');

    // A run that failed: prepare cached from the first, one training instance failing.
    failedRun = (await create()).runId;
    await admin.pipelines.finishStep(failedRun, 'prepare', {
      status: 'cached',
      cacheKey: PREPARE_KEY,
      cacheParts: PREPARE_PARTS,
      cachedFrom: { runId: doneRun, stepKey: 'prepare' },
    });
    await succeed(admin, failedRun, 'train[0]');
    await admin.pipelines.startStep(failedRun, 'train[1]', { worker: WORKER });
    await admin.pipelines.appendLogs(failedRun, 'train[1]', [
      { stream: 'stdout', text: 'epoch 1\n' },
      { stream: 'stderr', text: 'Traceback: out of memory\n' },
    ]);
    await admin.pipelines.finishStep(failedRun, 'train[1]', {
      worker: WORKER,
      status: 'failed',
      exitCode: 137,
      error: 'exit code 137',
    });
    await admin.pipelines.finishStep(failedRun, 'report', { status: 'skipped' });

    // A run still running: prepare runs and logs.
    liveRun = (await create()).runId;
    await admin.pipelines.startStep(liveRun, 'prepare', {
      worker: WORKER,
      cacheKey: PREPARE_KEY,
      cacheParts: PREPARE_PARTS,
    });
    await admin.pipelines.appendLogs(liveRun, 'prepare', [
      { stream: 'system', text: 'attempt 1 on e2e-runner\n' },
      { stream: 'stdout', text: 'reading rows\n' },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists pipelines and their runs, filtered by status', async () => {
    const w = await signedIn(browser, `${server.url}/pipelines`, ADMIN_USER, ADMIN_PASSWORD);
    const { page } = w;
    const row = page.locator('tr[data-pipeline="churn"]');
    await expect.poll(() => row.locator('td').nth(1).textContent(), POLL).toBe('3');
    await expect.poll(() => row.textContent(), POLL).toContain('running');
    const runs = page.locator('tr[data-run]');
    await expect.poll(() => runs.count(), POLL).toBe(3);
    const failed = page.locator(`tr[data-run="${failedRun}"]`);
    expect(await failed.textContent()).toContain('manual');
    expect(await failed.locator('[data-count="cached"]').textContent()).toContain('1 cached');
    expect(await failed.locator('[data-count="failed"]').textContent()).toContain('1 failed');
    expect(await failed.locator('[data-count="skipped"]').textContent()).toContain('1 skipped');
    await expectAccessible(page, 'the pipelines page');
    await screenshot(page, 'pipelines-list');

    await page.getByLabel('Status').selectOption('failed');
    await expect.poll(() => runs.count(), POLL).toBe(1);
    expect(await runs.first().getAttribute('data-run')).toBe(failedRun);
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    await page.getByRole('link', { name: /run of churn/u }).click();
    await page.waitForURL(`**/pipelines/runs/${failedRun}`);
    await expectStatuses(page, {
      prepare: 'cached',
      'train[0]': 'succeeded',
      'train[1]': 'failed',
      report: 'skipped',
    });
    await w.close();
  });

  it('draws the DAG and shows a step’s cache key parts, failure, log and outputs', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/pipelines/runs/${failedRun}`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    await expectStatuses(page, {
      prepare: 'cached',
      'train[0]': 'succeeded',
      'train[1]': 'failed',
      report: 'skipped',
    });
    // Four nodes, four edges (prepare to each instance, each instance to report).
    expect(await page.locator('.pl-dag [data-step]').count()).toBe(4);
    expect(await page.locator('.pl-dag .pl-edge').count()).toBe(4);
    await expect
      .poll(() => page.getByRole('heading', { name: /Run of churn/u }).textContent(), POLL)
      .toContain('failed');
    await expectAccessible(page, 'a failed run');

    // The cached step: its key and parts, and where its outputs came from.
    await page.getByRole('button', { name: 'prepare: cached' }).click();
    const details = page.locator('[data-selected-step="prepare"]');
    await expect.poll(() => details.getByTestId('cache-key').textContent(), POLL).toBe(PREPARE_KEY);
    const parts = await details.locator('.pl-parts').textContent();
    for (const text of ['node prepare.js 1000', 'prepare.js', 'rows', '1000', 'SEED', '7']) {
      expect(parts).toContain(text);
    }
    expect(new URL(page.url()).searchParams.get('step')).toBe('prepare');
    expect(await details.locator('[data-output="rows.csv"]').count()).toBe(1);
    await details.getByRole('link', { name: /prepare of run/u }).click();
    await page.waitForURL((at) => at.pathname.endsWith(doneRun));
    await expectStatuses(page, { prepare: 'succeeded', report: 'succeeded' });

    // The source step's output downloads with the session's token.
    const source = page.locator('[data-selected-step="prepare"]');
    await expect.poll(() => source.textContent(), POLL).toContain('wrote 2 rows');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      source.getByRole('button', { name: 'Download rows.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rows.csv');
    expect(await readFile((await download.path())!, 'utf8')).toBe(ROWS_CSV);
    await page.goBack();

    // The failed step: exit code, error, and its log with stderr told apart.
    await node(page, 'train[1]').click();
    const failed = page.locator('[data-selected-step="train[1]"]');
    await expect.poll(() => failed.textContent(), POLL).toContain('exit code 137');
    expect(await failed.textContent()).toContain('137');
    const stderr = failed.locator('.pl-log [data-stream="stderr"]');
    await expect.poll(() => stderr.textContent(), POLL).toContain('Traceback: out of memory');
    expect(await stderr.locator('.pl-log-stream').textContent()).toBe('err');
    expect(await failed.locator('.pl-log [data-stream="stdout"]').textContent()).toContain(
      'epoch 1',
    );
    await expectAccessible(page, 'a failed step’s details');
    await screenshot(page, 'pipeline-run-failed-step');
    await w.close();
  });

  it('follows a running run: new log lines and statuses without reload; cancel needs EDIT', async () => {
    // A reader (the default READ permission) sees the run, but not a working Cancel.
    const viewer = await signedIn(
      browser,
      `${server.url}/pipelines/runs/${liveRun}?step=prepare`,
      VIEWER,
      VIEWER_PASSWORD,
    );
    await expectStatuses(viewer.page, { prepare: 'running', 'train[0]': 'pending' });
    const cancel = viewer.page.getByRole('button', { name: 'Cancel run' });
    await expect.poll(() => cancel.isDisabled(), POLL).toBe(true);
    expect(await viewer.page.locator('#pl-cancel-refusal').textContent()).toBe(
      'Needs EDIT on this pipeline; you have READ.',
    );
    await expectAccessible(viewer.page, 'a running run, as a reader');
    await viewer.close();

    const w = await signedIn(
      browser,
      `${server.url}/pipelines/runs/${liveRun}?step=prepare`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    const log = page.locator('[data-selected-step="prepare"] .pl-log');
    await expect.poll(() => log.textContent(), POLL).toContain('reading rows');
    expect(await log.locator('[data-stream="system"]').textContent()).toContain('attempt 1');

    // The runner writes on; the page shows it without a reload.
    await server.admin.pipelines.appendLogs(liveRun, 'prepare', [
      { stream: 'stdout', text: 'wrote 2 rows, done\n' },
    ]);
    await expect.poll(() => log.textContent(), POLL).toContain('wrote 2 rows, done');
    await expectAccessible(page, 'a running run');
    await screenshot(page, 'pipeline-run-live');

    await succeed(server.admin, liveRun, 'prepare', { 'rows.csv': ROWS_CSV }, true);
    await expectStatuses(page, { prepare: 'succeeded', 'train[0]': 'pending' });
    await expect
      .poll(() => page.locator('[data-selected-step="prepare"] [data-output]').count(), POLL)
      .toBe(1);

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expectStatuses(page, {
      'train[0]': 'cancelled',
      'train[1]': 'cancelled',
      report: 'cancelled',
    });
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL)
      .toContain('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect((await server.admin.pipelines.getRun(liveRun)).status).toBe('cancelled');
    await w.close();
  });
});
