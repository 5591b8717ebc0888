import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { infer, registerScorer, scorerRows } from './support/deployment-fixtures.js';
import type { ScorerRows, Served } from './support/deployment-fixtures.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };
const VIEWER = 'viewer';
const VIEWER_PASSWORD = 'viewer-password-123';

async function signedIn(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  expected: ExpectedHttpError[] = [],
  /** Called before the page loads anything, e.g. to watch its requests. */
  watch?: (page: Page) => void,
): Promise<WatchedPage> {
  const w = await openPage(browser, [ANONYMOUS_WHOAMI, ...expected]);
  watch?.(w.page);
  await w.page.goto(url);
  await w.page.getByLabel('Username').fill(username);
  await w.page.getByLabel('Password').fill(password);
  await w.page.getByRole('button', { name: 'Sign in' }).click();
  await w.page.waitForURL((at) => !at.pathname.startsWith('/login'));
  return w;
}

/** A live figure of all versions together (`data-figure`: requests, rps, p95, ...). */
function figure(page: Page, id: string) {
  return page.getByTestId('live-figures').locator(`[data-figure="${id}"]`);
}

/** What version 2 (the bias lowered by 2.5) answers where version 1 answers `p`. */
function shifted(p: number): number {
  return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) - 2.5)));
}

/** Which golden row a request id (`<prefix>-<n>`) sent. */
const rowIndex = (id: string, rows: ScorerRows) => Number(id.split('-')[1]) % rows.inputs.length;

/** A number as the page writes it ("1,204", "3.25"), read back. */
const numberOf = (text: string | null) => Number((text ?? '').replace(/[^\d.]/gu, ''));

/** The requests column of a version's row in "Traffic per version". */
function versionRequests(page: Page, version: string) {
  return page
    .getByRole('region', { name: 'Traffic per version' })
    .locator(`tr[data-version="${version}"] [data-figure="requests"]`);
}

const isStream = (request: Request) => new URL(request.url()).pathname.endsWith('/stats/stream');

/**
 * Counts the page's requests to the statistics stream, and which of them ended (a stream ends
 * when its fetch is aborted: navigating away, hiding the tab).
 */
function watchStreams(page: Page) {
  const opened: Request[] = [];
  const ended = new Set<Request>();
  page.on('request', (request) => {
    if (isStream(request)) opened.push(request);
  });
  page.on('requestfailed', (request) => ended.add(request));
  page.on('requestfinished', (request) => ended.add(request));
  return {
    opened: () => opened.length,
    open: () => opened.filter((request) => !ended.has(request)).length,
  };
}

/** Pretends the tab is hidden (or shown again), as the Page Visibility API reports it. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${state === 'hidden'} });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
}

/** The browser's `datetime-local` value for an instant, in the browser's own time zone. */
function localInputValue(page: Page, ms: number): Promise<string> {
  return page.evaluate(`(() => {
    const d = new Date(${ms});
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' +
      p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  })()`) as Promise<string>;
}

describe('deployment pages', () => {
  let server: WebServer;
  let browser: Browser;
  let rows: ScorerRows;
  /** Every request the canary served, in order. */
  const served: Served[] = [];
  let promotedAt = 0;

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
      description: 'Breast-cancer scores: the retrained model as a canary.',
      policy: {
        type: 'canary',
        stable: 'models:/scorer/1',
        candidate: 'models:/scorer/2',
        steps: [50, 100],
        // Long enough that only the test moves the canary.
        interval: '1h',
        analysis: { maxErrorRate: 0.05, minRequests: 1000 },
      },
    });
    await admin.deployments.apply({
      name: 'scorer-shadow',
      policy: {
        type: 'shadow',
        primary: 'models:/scorer/1',
        challenger: 'models:/scorer/2',
        percent: 100,
      },
    });
    await admin.deployments.apply({
      name: 'scorer-bandit',
      policy: {
        type: 'bandit',
        variants: [
          { name: 'trained', model: 'models:/scorer/1' },
          { name: 'shifted', model: 'models:/scorer/2' },
        ],
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the deployments with policy, versions, weights and state', async () => {
    const w = await signedIn(browser, `${server.url}/deployments`, ADMIN_USER, ADMIN_PASSWORD);
    const { page } = w;
    const table = page.getByRole('table', { name: 'Deployments' });
    await table.getByRole('link', { name: 'scorer', exact: true }).waitFor();
    expect(await table.getByRole('link').allTextContents()).toEqual([
      'scorer',
      'scorer-bandit',
      'scorer-shadow',
    ]);
    const canary = table.getByRole('row').filter({ hasText: 'progressing' });
    const text = await canary.textContent();
    expect(text).toContain('Canary');
    expect(text).toContain('step 1 of 2');
    expect(text).toMatch(/stable\s*scorer v1\s*50 %/u);
    expect(text).toMatch(/candidate\s*scorer v2\s*50 %/u);
    expect(text).toContain('Ready');
    expect(await table.getByRole('row').filter({ hasText: 'Shadow' }).count()).toBe(1);
    expect(await table.getByRole('row').filter({ hasText: 'Bandit' }).count()).toBe(1);
    await expectAccessible(page, 'the deployments list');
    await screenshot(page, 'deployments-list');

    await table.getByRole('link', { name: 'scorer', exact: true }).click();
    await page.waitForURL(/\/deployments\/scorer$/u);
    await page.getByRole('heading', { level: 1, name: /scorer/u }).waitFor();
    await w.close();
  });

  it('shows live traffic rising as requests arrive, one stream, and promotes the canary', async () => {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI]);
    const { page } = w;
    const streams = watchStreams(page);
    let documents = 0;
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents += 1;
    });
    await page.goto(`${server.url}/deployments/scorer`);
    await page.getByLabel('Username').fill(ADMIN_USER);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/u })
      .waitFor();
    await expect.poll(() => figure(page, 'requests').textContent()).toBe('0');

    for (let i = 0; i < 24; i += 1) {
      const row = rows.inputs[i % rows.inputs.length] as number[];
      served.push(await infer(server.url, 'scorer', row, `canary-${i}`));
    }
    const byVersion = (v: string) => served.filter((s) => s.version === v).length;
    // Half the traffic each, at random: both versions are all but certain to have served some.
    expect(byVersion('1')).toBeGreaterThan(0);
    expect(byVersion('2')).toBeGreaterThan(0);
    // Each version answers as its model does: the candidate's bias is lower.
    for (const reply of served) {
      const p = rows.expected[rowIndex(reply.id, rows)]?.[0] ?? Number.NaN;
      expect(reply.output, reply.id).toBeCloseTo(reply.version === '1' ? p : shifted(p), 4);
    }

    // The page updates from the stream, without a reload.
    await expect.poll(() => figure(page, 'requests').textContent(), { timeout: 10_000 }).toBe('24');
    await expect
      .poll(async () => numberOf(await versionRequests(page, '1').textContent()))
      .toBe(byVersion('1'));
    await expect
      .poll(async () => numberOf(await versionRequests(page, '2').textContent()))
      .toBe(byVersion('2'));
    expect(numberOf(await figure(page, 'rps').textContent())).toBeGreaterThan(0);
    expect(await figure(page, 'p95').textContent()).toMatch(/ms$/u);
    expect(documents).toBe(1);

    // The chart's data, as a table.
    await page.getByRole('button', { name: 'Show the data of requests per second' }).click();
    const data = page.getByRole('region', { name: 'Requests per second data' });
    await data.waitFor();
    const newest = data.getByRole('row').nth(1);
    await expect
      .poll(async () => numberOf(await newest.getByRole('cell').first().textContent()))
      .toBeGreaterThan(0);
    const chartLegend = page.getByRole('list', { name: 'Requests per second, latest' });
    expect(await chartLegend.textContent()).toContain('candidate · scorer v2');

    const canary = page.getByRole('region', { name: 'Canary' });
    expect(await canary.locator('[data-phase]').textContent()).toBe('progressing');
    expect(await canary.getByRole('table').textContent()).toContain('at least 1,000 to judge');
    await expectAccessible(page, 'a canary deployment with live traffic');
    await screenshot(page, 'deployment-page-live');
    expect(streams.opened()).toBe(1);

    // Promote, after a confirmation.
    await page.getByRole('button', { name: 'Promote' }).click();
    const dialog = page.getByRole('dialog', { name: 'Promote scorer?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('candidate, scorer v2');
    await expectAccessible(page, 'the promote confirmation');
    promotedAt = Date.now();
    await dialog.getByRole('button', { name: 'Promote' }).click();
    await page.getByRole('status').filter({ hasText: 'Promoted.' }).waitFor();
    const split = page.getByRole('img', { name: /^Routed by the policy/u });
    await expect
      .poll(() => split.getAttribute('aria-label'))
      .toBe('Routed by the policy: stable · scorer v1 0 %, candidate · scorer v2 100 %');
    await expect.poll(() => canary.locator('[data-phase]').textContent()).toBe('promoted');
    const transitions = page.getByRole('table', { name: 'Transitions, newest first' });
    const promoted = transitions.locator('tr[data-action="promoted"]');
    await promoted.waitFor();
    expect(await promoted.textContent()).toContain('50 % → 100 %');
    expect(await promoted.textContent()).toContain(ADMIN_USER);
    expect(await page.getByRole('button', { name: 'Promote' }).isDisabled()).toBe(true);
    expect(await page.getByText('Promote: The canary is already promoted.').count()).toBe(1);

    // After the promotion every request goes to the candidate.
    for (let i = 0; i < 5; i += 1) {
      const row = rows.inputs[i] as number[];
      const reply = await infer(server.url, 'scorer', row, `promoted-${i}`);
      expect(reply.version).toBe('2');
      served.push(reply);
    }
    await expect
      .poll(async () => numberOf(await versionRequests(page, '2').textContent()))
      .toBe(byVersion('2'));
    await expectAccessible(page, 'a promoted canary');
    await screenshot(page, 'deployment-page-promoted');
    expect(streams.opened()).toBe(1);
    expect(streams.open()).toBe(1);

    // A hidden tab closes the stream; shown again, it opens one more and carries on.
    await setVisibility(page, 'hidden');
    await page.getByRole('status').filter({ hasText: 'Paused while the tab is hidden' }).waitFor();
    await expect.poll(() => streams.open()).toBe(0);
    await setVisibility(page, 'visible');
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/u })
      .waitFor();
    expect(streams.opened()).toBe(2);
    expect(streams.open()).toBe(1);

    // Leaving the page closes it; coming back opens a new one.
    await page.getByRole('link', { name: 'Prediction log' }).click();
    await page.getByRole('heading', { name: 'Predictions of scorer' }).waitFor();
    // Another page: its heading has focus, so a screen reader starts there.
    await expect
      .poll(() =>
        page.evaluate(
          'document.activeElement?.tagName === "H1" ? document.activeElement.textContent : null',
        ),
      )
      .toBe('Predictions of scorer');
    await expect.poll(() => streams.open()).toBe(0);
    expect(streams.opened()).toBe(2);
    await page.goBack();
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/u })
      .waitFor();
    expect(streams.opened()).toBe(3);
    expect(documents).toBe(1);
    await w.close();
  });

  it('browses the prediction log: versions, filters, a row in full, and an export', async () => {
    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer/predictions`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    const table = page.getByRole('table', { name: 'Predictions, newest first' });
    const requestRows = table.locator('tbody tr[data-request-id]');
    // The prediction logger writes about once a second: refresh until every request is there.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return requestRows.count();
        },
        { timeout: 15_000 },
      )
      .toBe(served.length);
    const logged = await requestRows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-request-id'), tr.getAttribute('data-version')]),
    );
    // Newest first, each with the version that answered it.
    expect(logged).toEqual(served.map((s) => [s.id, s.version]).reverse());
    expect(await requestRows.first().textContent()).toContain('scorer v2 (candidate)');
    await expectAccessible(page, 'the prediction log');
    await screenshot(page, 'deployment-predictions');

    // Paging, newest first: 25 rows, then the older rest, then back to the first page.
    await page.getByLabel('Rows per page').selectOption('25');
    await page.waitForURL(/size=25/u);
    await expect.poll(() => requestRows.count()).toBe(25);
    const pager = page.getByRole('navigation', { name: 'Prediction pages' });
    await pager.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/page=/u);
    await expect.poll(() => requestRows.count()).toBe(served.length - 25);
    expect(await requestRows.first().getAttribute('data-request-id')).toBe(
      served[served.length - 26]?.id,
    );
    expect(await pager.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'First page' }).click();
    await expect.poll(() => requestRows.count()).toBe(25);
    await page.getByLabel('Rows per page').selectOption('50');
    await expect.poll(() => requestRows.count()).toBe(served.length);

    // By version: the stable version's requests only, with the filter in the URL.
    await page.getByLabel('Version').selectOption({ label: 'scorer v1 (stable)' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/version=1/u);
    expect(new URL(page.url()).searchParams.get('model')).toBe('scorer');
    const stable = served.filter((s) => s.version === '1');
    await expect.poll(() => requestRows.count()).toBe(stable.length);
    expect(await table.locator('tbody tr[data-version="2"]').count()).toBe(0);

    // A row expands to its full input and output.
    const chosen = stable[0] as Served;
    await page
      .getByRole('button', { name: `Details of request ${chosen.id}`, exact: true })
      .click();
    const inputs = page.getByRole('region', {
      name: `Inputs of request ${chosen.id}`,
      exact: true,
    });
    const outputs = page.getByRole('region', {
      name: `Outputs of request ${chosen.id}`,
      exact: true,
    });
    const loggedInputs = JSON.parse((await inputs.textContent()) ?? '') as {
      name: string;
      shape: number[];
      data: number[];
    }[];
    const index = rowIndex(chosen.id, rows);
    expect(loggedInputs[0]?.name).toBe('input');
    expect(loggedInputs[0]?.shape).toEqual([1, 30]);
    expect(loggedInputs[0]?.data[0]).toBeCloseTo(rows.inputs[index]?.[0] ?? Number.NaN, 3);
    const loggedOutputs = JSON.parse((await outputs.textContent()) ?? '') as { data: number[] }[];
    expect(loggedOutputs[0]?.data[0]).toBeCloseTo(chosen.output, 6);
    await expectAccessible(page, 'the prediction log with a row expanded');
    await screenshot(page, 'deployment-predictions-expanded');

    // The export follows the version filter, and says so.
    const exportSection = page.getByRole('region', { name: 'Export', exact: true });
    expect(await exportSection.textContent()).toContain('version chosen above (scorer v1)');
    const stableDownload = page.waitForEvent('download');
    await exportSection.getByRole('button', { name: 'Export' }).click();
    const stableFile = await stableDownload;
    expect(stableFile.suggestedFilename()).toBe('scorer-predictions-v1.csv');
    const stableCsv = (await readFile(await stableFile.path(), 'utf8')).trim().split('\n');
    const header = stableCsv[0]?.split(',') ?? [];
    const idColumn = header.indexOf('request_id');
    const versionColumn = header.indexOf('model_version');
    const exportedRows = stableCsv.slice(1).map((line) => line.split(','));
    // Oldest first, as the export writes them.
    expect(exportedRows.map((cells) => cells[idColumn])).toEqual(stable.map((s) => s.id));
    expect(new Set(exportedRows.map((cells) => cells[versionColumn]))).toEqual(new Set(['1']));

    // A time range: from the promotion on, only the candidate's requests.
    await page.getByLabel('Version').selectOption({ label: 'All versions' });
    await page.getByLabel('From').fill(await localInputValue(page, promotedAt));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/from=/u);
    await expect.poll(() => requestRows.count()).toBe(5);
    expect(await requestRows.evaluateAll((trs) => trs.map((tr) => tr.dataset.version))).toEqual(
      Array(5).fill('2'),
    );

    // The export of that range, as CSV through a blob URL.
    expect(await exportSection.textContent()).toContain('version chosen above (all versions)');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('scorer-predictions.csv');
    const csv = await readFile(await file.path(), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toContain('request_id');
    expect(lines).toHaveLength(6);
    for (let i = 0; i < 5; i += 1) expect(csv).toContain(`promoted-${i}`);
    await page.getByRole('status').filter({ hasText: 'Saved scorer-predictions.csv' }).waitFor();
    await w.close();
  });

  it('shows shadow agreement and bandit arms', async () => {
    const { admin } = server;
    for (let i = 0; i < 6; i += 1) {
      await infer(server.url, 'scorer-shadow', rows.inputs[i] as number[], `shadow-${i}`);
    }
    const bandit: Served[] = [];
    for (let i = 0; i < 6; i += 1) {
      bandit.push(await infer(server.url, 'scorer-bandit', rows.inputs[i] as number[], `arm-${i}`));
    }
    for (const reply of bandit) {
      await admin.deployments.feedback('scorer-bandit', { requestId: reply.id, reward: 1 });
    }

    const w = await signedIn(
      browser,
      `${server.url}/deployments/scorer-shadow`,
      ADMIN_USER,
      ADMIN_PASSWORD,
    );
    const { page } = w;
    const shadow = page.getByRole('region', { name: 'Shadow agreement' });
    await expect
      .poll(async () =>
        numberOf(await shadow.locator('[data-figure="shadow-compared"]').textContent()),
      )
      .toBe(6);
    // Rows agree when both probabilities fall on the same side of 0.5.
    const agreed = rows.expected
      .slice(0, 6)
      .filter(([p = 0]) => p > 0.5 === shifted(p) > 0.5).length;
    expect(agreed).toBeGreaterThan(0);
    expect(agreed).toBeLessThan(6);
    const agreement = await shadow.locator('[data-figure="shadow-agreement"]').textContent();
    expect(numberOf(agreement)).toBeCloseTo((agreed / 6) * 100, 1);
    expect(await page.getByText(/Mirrored to the challenger/u).textContent()).toContain('100 %');
    await expectAccessible(page, 'a shadow deployment');
    await screenshot(page, 'deployment-page-shadow');

    await page.goto(`${server.url}/deployments/scorer-bandit`);
    const arms = page.getByRole('region', { name: 'Bandit arms' });
    await arms.getByRole('table').waitFor();
    await expect
      .poll(async () => {
        const pulls = await arms.locator('tbody tr td:nth-child(2)').allTextContents();
        return pulls.reduce((sum, text) => sum + numberOf(text), 0);
      })
      .toBe(6);
    expect(await arms.textContent()).toContain('thompson');
    // Neither promote nor rollback applies to a bandit.
    expect(await page.getByRole('button', { name: 'Promote' }).count()).toBe(0);
    await expectAccessible(page, 'a bandit deployment');
    await screenshot(page, 'deployment-page-bandit');
    await w.close();
  });

  it('says so when a deployment does not exist, without opening a stream', async () => {
    let streams: ReturnType<typeof watchStreams> | undefined;
    const w = await signedIn(
      browser,
      `${server.url}/deployments/nope`,
      ADMIN_USER,
      ADMIN_PASSWORD,
      [{ path: '/api/v1/deployments/nope', status: 404 }],
      (page) => (streams = watchStreams(page)),
    );
    const { page } = w;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('NOT_FOUND');
    expect(await alert.textContent()).toContain('nope');
    await page.getByRole('link', { name: 'All deployments' }).waitFor();
    expect(streams?.opened()).toBe(0);
    await expectAccessible(page, 'an unknown deployment');
    await w.close();
  });

  it('keeps a READ-only user from moving traffic, and shows the server’s refusal', async () => {
    const rollback = `/api/v1/deployments/scorer/rollback`;
    const w = await signedIn(browser, `${server.url}/deployments/scorer`, VIEWER, VIEWER_PASSWORD);
    const { page } = w;
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/u })
      .waitFor();
    const button = page.getByRole('button', { name: 'Roll back' });
    await expect.poll(() => button.isDisabled()).toBe(true);
    await page.getByText('Needs EDIT on this deployment; you have READ.').waitFor();
    await expectAccessible(page, 'a deployment seen by a READ-only user');
    await screenshot(page, 'deployment-page-read-only');
    await w.close();

    // The UI thinks the user may (EDIT), but the server has just been told otherwise.
    await server.admin.permissions.set('deployment', 'scorer', VIEWER, 'EDIT');
    const stale = await signedIn(
      browser,
      `${server.url}/deployments/scorer`,
      VIEWER,
      VIEWER_PASSWORD,
      [{ path: rollback, status: 403 }],
    );
    const again = stale.page.getByRole('button', { name: 'Roll back' });
    await expect.poll(() => again.isEnabled()).toBe(true);
    await server.admin.permissions.set('deployment', 'scorer', VIEWER, 'READ');
    // The server trusts a looked-up permission for a second.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await again.click();
    await stale.page
      .getByRole('dialog', { name: 'Roll back scorer?' })
      .getByRole('button', { name: 'Roll back' })
      .click();
    const alert = stale.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not roll back');
    expect(await alert.textContent()).toContain('PERMISSION_DENIED');
    expect((await server.admin.deployments.get('scorer')).canary?.phase).toBe('promoted');
    await expectAccessible(stale.page, 'a refused rollback');
    await stale.close();
  });
});
