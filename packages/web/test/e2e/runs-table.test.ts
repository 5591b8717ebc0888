import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { SlipwayClient } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/**
 * Ticks (or clears) a checkbox whose state lives in the URL and waits for the tick: the table
 * applies the URL at once (flushSync), and waiting keeps the test honest if that ever changes.
 */
async function tick(box: Locator, checked = true): Promise<void> {
  await box.click();
  await expect.poll(() => box.isChecked()).toBe(checked);
}

const SEARCH_PATH = '/api/v1/runs/search';
const BIG_RUNS = 5_000;
const SCROLL_TO_END = 'void (document.querySelector(".runs-scroller").scrollTop = 1e9)';
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

interface SeededRun {
  name: string;
  acc: number;
  lr?: string;
  team?: string;
  status?: 'FINISHED' | 'FAILED';
  parent?: string;
}

/** Oldest first; the table lists newest first, so `gamma` comes first and `alpha` last. */
const RUNS: SeededRun[] = [
  { name: 'alpha', acc: 0.95, lr: '0.01', team: 'risk', status: 'FINISHED' },
  { name: 'beta', acc: 0.8, lr: '0.1', team: 'growth', status: 'FAILED' },
  { name: 'sweep', acc: 0.88, lr: '0.05' },
  { name: 'sweep-child-1', acc: 0.7, parent: 'sweep' },
  { name: 'sweep-child-2', acc: 0.85, parent: 'sweep' },
  { name: 'gamma', acc: 0.91, lr: '0.01' },
];

/** An experiment of six runs (one a parent of two) and a deleted seventh; returns name -> id. */
async function seedSmall(client: SlipwayClient, experimentId: string) {
  const ids = new Map<string, string>();
  for (const [i, spec] of RUNS.entries()) {
    const parentId = spec.parent === undefined ? undefined : ids.get(spec.parent);
    const run = await client.runs.create({
      experimentId,
      runName: spec.name,
      userId: 'ada',
      startTime: T0 + i * 60_000,
      ...(parentId !== undefined ? { tags: [{ key: 'mlflow.parentRunId', value: parentId }] } : {}),
    });
    const runId = run.info.runId;
    ids.set(spec.name, runId);
    await client.runs.logBatch(runId, {
      metrics: [
        { key: 'acc', value: spec.acc },
        { key: 'loss', value: 1 - spec.acc },
      ],
      params: spec.lr === undefined ? [] : [{ key: 'lr', value: spec.lr }],
      tags: [
        ...(spec.team === undefined ? [] : [{ key: 'team', value: spec.team }]),
        { key: 'mlflow.source.name', value: `/home/ada/train_${spec.name}.py` },
      ],
    });
    if (spec.status !== undefined) {
      await client.runs.update(runId, { status: spec.status, endTime: T0 + i * 60_000 + 42_000 });
    }
  }
  const discarded = await client.runs.create({
    experimentId,
    runName: 'discarded',
    startTime: T0 - 60_000,
  });
  await client.runs.delete(discarded.info.runId);
  ids.set('discarded', discarded.info.runId);
  return ids;
}

const runName = (i: number) => `run-${String(i).padStart(5, '0')}`;

/** `count` runs created `parallel` at a time, named run-00000 up, each a second younger. */
async function seedMany(client: SlipwayClient, experimentId: string, count: number) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.runs.create({
        experimentId,
        runName: runName(i),
        startTime: T0 + i * 1000,
      });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** A watched page that fails a step after 10 s, naming it, rather than the whole test later. */
async function open(browser: Browser, expected?: ExpectedHttpError[]) {
  const watched = await openPage(browser, expected);
  watched.page.setDefaultTimeout(10_000);
  return watched;
}

const runsTable = (page: Page) => page.getByRole('table', { name: 'Runs' });
/** The rendered data rows (without the stand-in space of rows scrolled away). */
const bodyRows = (page: Page) => page.locator('.runs-table tbody tr:not(.spacer)');
/** The run names of the rendered rows, top to bottom. */
const shownNames = (page: Page) =>
  page.locator('.runs-table tbody tr:not(.spacer) td.name a').allTextContents();
/** The text of the n-th (1-based) column of the rendered rows. */
const columnTexts = (page: Page, n: number) =>
  page.locator(`.runs-table tbody tr:not(.spacer) td:nth-child(${n})`).allTextContents();
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

async function waitForRows(page: Page) {
  await runsTable(page).waitFor();
  await bodyRows(page).first().waitFor();
}

async function chooseColumns(page: Page, groups: Array<[string, string]>) {
  await page.locator('.column-chooser summary').click();
  for (const [legend, key] of groups) {
    await tick(
      page
        .getByRole('group', { name: new RegExp(`^${legend}`, 'u') })
        .getByRole('checkbox', { name: key, exact: true }),
    );
  }
  await page.keyboard.press('Escape');
}

/** The runs table of an experiment page, against a server with authentication off. */
describe('the runs table', () => {
  let server: WebServer;
  let browser: Browser;
  let experimentId: string;
  let bigId: string;
  let ids: Map<string, string>;
  const url = (query = '') => `${server.url}/experiments/${experimentId}${query}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const { admin } = server;
    experimentId = (await admin.experiments.create({ name: 'runs-table' })).experimentId;
    bigId = (await admin.experiments.create({ name: 'many-runs' })).experimentId;
    const started = Date.now();
    [ids] = await Promise.all([seedSmall(admin, experimentId), seedMany(admin, bigId, BIG_RUNS)]);
    console.log(`seeded ${BIG_RUNS} runs in ${Date.now() - started} ms`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the runs newest first, children folded under their parent', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    expect(await shownNames(page)).toEqual(['gamma', 'sweep', 'beta', 'alpha']);
    expect(await page.locator('.runs-count').textContent()).toBe('6 runs loaded, all loaded');
    const row = bodyRows(page).filter({ hasText: 'beta' });
    expect(await row.textContent()).toContain('FAILED');
    expect(await row.textContent()).toContain('ada');
    expect(await row.textContent()).toContain('42.0s');
    expect(await row.getByRole('link', { name: 'beta' }).getAttribute('href')).toBe(
      `/runs/${ids.get('beta')}`,
    );
    await w.close();
  });

  it('shows the chosen columns, remembers them and carries them in the URL', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    await chooseColumns(page, [
      ['Metrics', 'acc'],
      ['Params', 'lr'],
      ['Tags', 'team'],
      ['Run details', 'Source'],
    ]);
    const table = runsTable(page);
    const headers = () => table.getByRole('columnheader').allTextContents();
    await expect.poll(headers).toContain('param lr');
    expect(await headers()).toEqual([
      '',
      'Run',
      'State',
      'Started',
      'Duration',
      'User',
      'metric acc',
      'param lr',
      'tag team',
      'tag Source',
    ]);
    expect(param(page, 'columns')).toBe('metrics.acc,params.lr,tags.team,tags.mlflow.source.name');
    // The chooser narrows long lists of keys as one types.
    await page.locator('.column-chooser summary').click();
    await page.getByLabel('Find a key').fill('lo');
    const metrics = page.getByRole('group', { name: /^Metrics/u });
    await expect.poll(() => metrics.getByRole('checkbox').count()).toBe(1);
    expect(await metrics.getByRole('checkbox', { name: 'loss' }).isChecked()).toBe(false);
    await expectAccessible(page, 'the runs table with the column chooser open');
    await screenshot(page, 'runs-table-columns');
    await page.keyboard.press('Escape');
    expect(await page.locator('.column-chooser').getAttribute('open')).toBeNull();

    const alpha = bodyRows(page).filter({ hasText: 'alpha' });
    await expect.poll(() => alpha.locator('td').allTextContents()).toContain('0.95');
    const cells = await alpha.locator('td').allTextContents();
    expect(cells.slice(6)).toEqual(['0.95', '0.01', 'risk', 'train_alpha.py']);

    // After a reload, and on the bare experiment URL (remembered in this browser, then put in the URL).
    await page.reload();
    await waitForRows(page);
    expect(await headers()).toContain('tag team');
    await page.goto(url());
    await waitForRows(page);
    await page.waitForURL(/columns=/u);
    expect(await headers()).toContain('metric acc');
    expect(param(page, 'columns')).toBe('metrics.acc,params.lr,tags.team,tags.mlflow.source.name');

    // A shared link shows its own columns, whatever another browser remembers.
    const other = await open(browser);
    await other.page.goto(url('?columns=metrics.loss'));
    await waitForRows(other.page);
    expect(await runsTable(other.page).getByRole('columnheader').allTextContents()).toContain(
      'metric loss',
    );
    expect(await runsTable(other.page).getByRole('columnheader').allTextContents()).not.toContain(
      'metric acc',
    );
    await other.page.goto(url());
    await waitForRows(other.page);
    expect(await runsTable(other.page).getByRole('columnheader').count()).toBe(6);
    await other.close();
    await w.close();
  });

  it('filters with the MLflow grammar and shows a refused filter at the box', async () => {
    const w = await open(browser, [{ path: SEARCH_PATH, status: 400 }]);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    const box = page.getByLabel('Filter runs');
    await box.fill("metrics.acc > 0.9 and params.lr = '0.01'");
    await box.press('Enter');
    await expect.poll(() => shownNames(page)).toEqual(['gamma', 'alpha']);
    expect(param(page, 'filter')).toBe("metrics.acc > 0.9 and params.lr = '0.01'");

    await box.fill('metrics.acc >');
    await box.press('Enter');
    const error = page.locator('#runs-filter-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Invalid filter at position \d+/u);
    expect(await box.inputValue()).toBe('metrics.acc >');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect((await box.getAttribute('aria-describedby'))?.split(' ')).toContain('runs-filter-error');
    expect(await bodyRows(page).count()).toBe(0);
    await expectAccessible(page, 'the runs table with a refused filter');
    await screenshot(page, 'runs-table-bad-filter');

    // Back to the previous filter, and the box is valid again.
    await page.goBack();
    await expect.poll(() => shownNames(page)).toEqual(['gamma', 'alpha']);
    expect(await box.getAttribute('aria-invalid')).toBeNull();
    await w.close();
  });

  it('sorts by a metric from its column header, both ways', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url('?columns=metrics.acc'));
    await waitForRows(page);
    const header = runsTable(page).getByRole('columnheader', { name: 'metric acc' });
    expect(await header.getAttribute('aria-sort')).toBeNull();
    expect(
      await runsTable(page)
        .getByRole('columnheader', { name: 'Started' })
        .getAttribute('aria-sort'),
    ).toBe('descending');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => columnTexts(page, 7)).toEqual(['0.8', '0.88', '0.91', '0.95']);
    expect(await shownNames(page)).toEqual(['beta', 'sweep', 'gamma', 'alpha']);
    expect(param(page, 'sort')).toBe('metrics.acc asc');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => columnTexts(page, 7)).toEqual(['0.95', '0.91', '0.88', '0.8']);
    await w.close();
  });

  it('expands a parent run to show its children, sorted among themselves', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url('?columns=metrics.acc&sort=metrics.acc+desc'));
    await waitForRows(page);
    const expander = page.getByRole('button', { name: 'Show 2 child runs of sweep' });
    expect(await expander.getAttribute('aria-expanded')).toBe('false');
    await expander.click();
    await expect
      .poll(() => shownNames(page))
      .toEqual(['alpha', 'gamma', 'sweep', 'sweep-child-2', 'sweep-child-1', 'beta']);
    const collapse = page.getByRole('button', { name: 'Hide 2 child runs of sweep' });
    expect(await collapse.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'the runs table with a parent expanded');
    await screenshot(page, 'runs-table');
    // From the keyboard: Left on the expander closes it.
    await collapse.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => shownNames(page)).toEqual(['alpha', 'gamma', 'sweep', 'beta']);
    await w.close();
  });

  it('shows deleted runs, and all runs', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    await page.getByLabel('Show', { exact: true }).selectOption('deleted');
    await page.waitForURL(/view=deleted/u);
    await expect.poll(() => shownNames(page)).toEqual(['discarded']);
    expect(await bodyRows(page).first().textContent()).toContain('deleted');
    await page.getByLabel('Show', { exact: true }).selectOption('all');
    await expect
      .poll(() => shownNames(page))
      .toEqual(['gamma', 'sweep', 'beta', 'alpha', 'discarded']);
    await w.close();
  });

  it('selects runs by checkbox, shift-click range and select-all, then compares them', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    await tick(page.getByRole('checkbox', { name: 'Select gamma' }));
    await page.getByRole('checkbox', { name: 'Select beta' }).click({ modifiers: ['Shift'] });
    const selected = () => param(page, 'selected')?.split(',');
    await expect.poll(selected).toEqual([ids.get('gamma'), ids.get('sweep'), ids.get('beta')]);
    expect(await page.getByRole('checkbox', { name: 'Select alpha' }).isChecked()).toBe(false);
    const all = page.getByRole('checkbox', { name: 'Select all loaded runs' });
    const indeterminate = 'document.querySelector(".runs-table thead input").indeterminate';
    expect(await page.evaluate(indeterminate)).toBe(true);

    // The selection is in the URL: the same link selects the same runs.
    const other = await open(browser);
    await other.page.goto(page.url());
    await waitForRows(other.page);
    expect(await other.page.getByRole('checkbox', { name: 'Select sweep' }).isChecked()).toBe(true);
    await other.close();

    await tick(all);
    await expect.poll(() => selected()?.length).toBe(6);
    expect(await page.locator('.runs-count').textContent()).toContain('6 selected');
    await tick(all, false);
    await expect.poll(selected).toBeUndefined();

    await tick(page.getByRole('checkbox', { name: 'Select alpha' }));
    await tick(page.getByRole('checkbox', { name: 'Select beta' }));
    const compare = page.getByRole('button', { name: 'Compare (2)' });
    await compare.click();
    await page.waitForURL(/\/compare\?/u);
    expect(new URL(page.url()).pathname).toBe('/compare');
    expect(param(page, 'runs')).toBe(`${ids.get('alpha')},${ids.get('beta')}`);
    await w.close();
  });

  it('moves between rows with the arrow keys', async () => {
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    await page.getByRole('link', { name: 'gamma' }).focus();
    const focused = () => page.evaluate('document.activeElement?.textContent ?? ""');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('sweep');
    await page.keyboard.press('End');
    expect(await focused()).toBe('alpha');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('beta');
    // The checkbox of a row, then Space.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(
      'Select beta',
    );
    await page.keyboard.press('Space');
    await expect.poll(() => param(page, 'selected')).toBe(ids.get('beta'));
    await w.close();
  });

  it('deletes and restores the selected runs', async () => {
    const { admin } = server;
    const doomed = await admin.runs.create({ experimentId, runName: 'doomed', startTime: T0 - 1 });
    const w = await open(browser);
    const { page } = w;
    await page.goto(url());
    await waitForRows(page);
    await tick(page.getByRole('checkbox', { name: 'Select doomed' }));
    await page
      .getByRole('toolbar', { name: 'Selected runs' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Deleted 1 run.' }).waitFor();
    await expect.poll(() => shownNames(page)).not.toContain('doomed');
    expect(param(page, 'selected')).toBeNull();
    expect((await admin.runs.get(doomed.info.runId)).info.lifecycleStage).toBe('deleted');

    await page.getByLabel('Show', { exact: true }).selectOption('deleted');
    await expect.poll(() => shownNames(page)).toEqual(['doomed', 'discarded']);
    await tick(page.getByRole('checkbox', { name: 'Select doomed' }));
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('status').filter({ hasText: 'Restored 1 run.' }).waitFor();
    await expect.poll(() => shownNames(page)).toEqual(['discarded']);
    expect((await admin.runs.get(doomed.info.runId)).info.lifecycleStage).toBe('active');
    await admin.runs.delete(doomed.info.runId);
    await w.close();
  });

  it(`renders only the rows in view of ${BIG_RUNS.toLocaleString('en')} runs, loading pages as it scrolls`, async () => {
    const w = await open(browser);
    const { page } = w;
    const searches: Array<Record<string, unknown>> = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === SEARCH_PATH) {
        searches.push(request.postDataJSON() as Record<string, unknown>);
      }
    });
    await page.goto(`${server.url}/experiments/${bigId}`);
    await waitForRows(page);
    const count = page.locator('.runs-count');
    await expect.poll(() => count.textContent()).toMatch(/^200 runs loaded, more to load/u);
    expect(await shownNames(page).then((names) => names[0])).toBe(runName(BIG_RUNS - 1));
    // No metric, param or tag column and no nested runs: the cheap info-only search.
    expect(searches[0]).toMatchObject({ runInfoOnly: true, maxResults: 200 });
    const rendered = await bodyRows(page).count();
    expect(rendered).toBeLessThan(60);

    for (let i = 0; i < 4; i++) {
      await page.evaluate(SCROLL_TO_END);
      await expect.poll(() => searches.length).toBeGreaterThan(i + 1);
      await expect
        .poll(() => count.textContent())
        .toMatch(new RegExp(`^${((i + 2) * 200).toLocaleString('en')} runs loaded`, 'u'));
    }
    expect(await bodyRows(page).count()).toBeLessThan(60);
    // The rows rendered are the ones scrolled to, not the first ones.
    const firstIndex = Number(await bodyRows(page).first().getAttribute('aria-rowindex'));
    expect(firstIndex).toBeGreaterThan(700);
    const names = await shownNames(page);
    expect(names).toContain(runName(BIG_RUNS - firstIndex + 1));
    expect(searches.every((s) => typeof s.pageToken === 'string' || s === searches[0])).toBe(true);

    // End from the keyboard goes to the last loaded run, which loads the next page.
    await bodyRows(page).first().getByRole('link').focus();
    await page.keyboard.press('End');
    await expect.poll(() => count.textContent()).toMatch(/^1,200 runs loaded/u);
    expect(await page.evaluate('document.activeElement?.textContent ?? ""')).toBe(
      runName(BIG_RUNS - 1000),
    );
    expect(await bodyRows(page).count()).toBeLessThan(60);
    await expectAccessible(page, 'a runs table of many runs, scrolled');
    await screenshot(page, 'runs-table-many');
    await w.close();
  });
});

/** Deleting without the permission to: the server's refusal, shown. */
describe('the runs table, authentication on', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows PERMISSION_DENIED when a reader deletes a run', async () => {
    const { admin } = server;
    await admin.users.create({ username: 'reader', password: 'reader-password-123' });
    const { experimentId } = await admin.experiments.create({ name: 'guarded' });
    await admin.permissions.set('experiment', experimentId, 'reader', 'READ');
    const run = await admin.runs.create({ experimentId, runName: 'keep-me' });
    const w = await open(browser, [
      { path: '/api/v1/auth/whoami', status: 401 },
      { path: `/api/v1/runs/${run.info.runId}`, status: 403 },
    ]);
    const { page } = w;
    await page.goto(`${server.url}/experiments/${experimentId}`);
    await page.getByLabel('Username').fill('reader');
    await page.getByLabel('Password').fill('reader-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForRows(page);
    await tick(page.getByRole('checkbox', { name: 'Select keep-me' }));
    await page.getByRole('button', { name: 'Delete' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not delete 1 run of 1' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('PERMISSION_DENIED');
    expect(await shownNames(page)).toEqual(['keep-me']);
    expect((await admin.runs.get(run.info.runId)).info.lifecycleStage).toBe('active');
    await expectAccessible(page, 'the runs table with a refused delete');
    await w.close();
  });
});
