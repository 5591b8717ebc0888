import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { isSlipwayError } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { ADMIN_PASSWORD, ADMIN_USER, startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const ONNX = readFileSync(new URL('breast-cancer-logreg.onnx', FIXTURES));
const MANIFEST = readFileSync(new URL('breast-cancer-slipway-model.json', FIXTURES));

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };
const MODEL = 'fraud-scorer';
const USERS = {
  ada: 'ada-password-123', // EDIT on the model
  rita: 'rita-password-123', // the server's default, READ
};

/** The model registry pages against a server with authentication on, as users with permissions. */
describe('web UI: model registry', () => {
  let server: WebServer;
  let browser: Browser;
  let runId: string;

  async function signedIn(
    username: string,
    password: string,
    path: string,
    expected: ExpectedHttpError[] = [],
  ): Promise<WatchedPage> {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI, ...expected]);
    await w.page.goto(`${server.url}${path}`);
    await w.page.getByLabel('Username').fill(username);
    await w.page.getByLabel('Password').fill(password);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.waitForURL((url) => url.pathname === path.split('?')[0]);
    return w;
  }

  const asAda = (path: string, expected: ExpectedHttpError[] = []) =>
    signedIn('ada', USERS.ada, path, expected);

  async function aliasVersion(alias: string): Promise<string> {
    return (await server.admin.models.getVersionByAlias(MODEL, alias)).version;
  }

  function heading(page: Page) {
    return page.getByRole('heading', { level: 1 });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
    const { admin } = server;
    for (const [username, password] of Object.entries(USERS)) {
      await admin.users.create({ username, password });
    }
    const experiment = await admin.experiments.create({ name: 'fraud-training' });
    const run = await admin.runs.create({
      experimentId: experiment.experimentId,
      runName: 'logreg-baseline',
    });
    runId = run.info.runId;
    // Version 1: a bare ONNX file (its signature is read from the graph); version 2: a package
    // whose slipway-model.json names the 30 input columns.
    await admin.artifacts.upload(runId, 'model/model.onnx', ONNX);
    await admin.artifacts.upload(runId, 'package/model.onnx', ONNX);
    await admin.artifacts.upload(runId, 'package/slipway-model.json', MANIFEST);
    await admin.runs.end(runId, 'FINISHED');

    await admin.models.create({
      name: MODEL,
      description: 'Scores card transactions for fraud.',
      tags: [{ key: 'team', value: 'risk' }],
    });
    await admin.models.createVersion(MODEL, { source: `runs:/${runId}/model`, runId });
    await admin.models.createVersion(MODEL, {
      source: `runs:/${runId}/package`,
      runId,
      description: 'With named columns.',
    });
    await admin.models.setAlias(MODEL, 'champion', '1');
    await admin.models.setAlias(MODEL, 'challenger', '2');
    await admin.models.transitionStage(MODEL, '1', 'Production');
    await admin.models.setVersionTag(MODEL, '1', 'validated', 'true');
    await admin.permissions.set('registered_model', MODEL, 'ada', 'EDIT');

    await admin.models.create({ name: 'fraud-rules', description: 'Hand-written rules.' });
    await admin.models.create({
      name: 'churn-predictor',
      tags: [{ key: 'team', value: 'growth' }],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the models and searches them by name and by filter, in the URL', async () => {
    const w = await asAda('/models');
    const { page } = w;
    await expect.poll(() => heading(page).textContent()).toBe('Models');
    const table = page.getByRole('table', { name: 'Registered models' });
    const names = () => table.locator('tbody tr td:first-child').allTextContents();
    await expect.poll(names).toEqual(['churn-predictor', 'fraud-rules', MODEL]);
    const row = table.getByRole('row').filter({ hasText: MODEL });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[1]).toContain('Version 1');
    expect(cells[1]).toContain('Production');
    expect(cells[1]).toContain('Version 2');
    expect(cells[2]).toContain('@champion');
    expect(cells[2]).toContain('@challenger');
    expect(cells[4]).toBe('Scores card transactions for fraud.');
    await expectAccessible(page, 'the models list');
    await screenshot(page, 'models-list');

    const box = page.getByLabel('Search models');
    await box.fill('fraud');
    await box.press('Enter');
    await page.waitForURL(/\?q=fraud$/u);
    await expect.poll(names).toEqual(['fraud-rules', MODEL]);

    await box.fill("tags.team = 'risk'");
    await box.press('Enter');
    await expect.poll(names).toEqual([MODEL]);
    expect(new URL(page.url()).searchParams.get('q')).toBe("tags.team = 'risk'");

    const order = page.getByLabel('Order by');
    await order.selectOption('updated');
    expect(await order.inputValue()).toBe('updated');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('updated');
    // The same URL in another tab shows the same list.
    const shared = await asAda(`/models${new URL(page.url()).search}`);
    await expect
      .poll(() =>
        shared.page
          .getByRole('table', { name: 'Registered models' })
          .locator('tbody tr td:first-child')
          .allTextContents(),
      )
      .toEqual([MODEL]);
    expect(await shared.page.getByLabel('Search models').inputValue()).toBe("tags.team = 'risk'");
    await shared.close();
    await w.close();
  });

  it("shows a bad filter's error from the server", async () => {
    const w = await asAda(`/models?q=${encodeURIComponent('tags.team = ')}`, [
      { path: '/api/v1/models', status: 400 },
    ]);
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('INVALID_ARGUMENT');
    await w.close();
  });

  it('opens a model, moves champion from version 1 to 2, and the history shows who did', async () => {
    const w = await asAda('/models');
    const { page } = w;
    await page.getByRole('link', { name: MODEL }).click();
    await page.waitForURL(new RegExp(`/models/${MODEL}$`, 'u'));
    await expect.poll(() => heading(page).textContent()).toBe(MODEL);
    await page.getByText('Scores card transactions for fraud.').waitFor();

    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByRole('link', { name: 'Version 2' }).waitFor();
    const rows = await versions.getByRole('row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/Version 2.*None.*@challenger.*READY/u);
    expect(rows[2]).toMatch(/Version 1.*Production.*@champion.*READY/u);
    expect(rows[2]).toContain('validated=true');
    const runLink = versions.getByRole('link', { name: new RegExp(`run ${runId}`, 'u') }).first();
    expect(await runLink.getAttribute('href')).toBe(`/runs/${runId}`);

    const aliases = page.getByRole('table', { name: 'Aliases' });
    const champion = aliases.getByRole('row', { name: /@champion/u });
    await champion.getByRole('link', { name: 'Version 1' }).waitFor();
    await expectAccessible(page, 'a model page');
    await screenshot(page, 'model-page');

    await page.getByLabel('New version for alias champion').selectOption('2');
    await page.getByRole('button', { name: 'Move alias champion' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved champion to version 2.' }).waitFor();
    await champion.getByRole('link', { name: 'Version 2' }).waitFor();
    expect(await aliasVersion('champion')).toBe('2');

    const timeline = page.getByRole('list', { name: 'Changes, newest first' });
    await expect
      .poll(async () => (await timeline.getByRole('listitem').first().textContent()) ?? '')
      .toContain('ada moved alias champion from version 1 to version 2');
    // The version table follows: version 2 now carries both aliases.
    await expect
      .poll(async () => (await versions.getByRole('row').allTextContents())[1])
      .toMatch(/@challenger.*@champion|@champion.*@challenger/u);

    // The timeline's filter is in the URL.
    const show = page.getByLabel('Show');
    await show.selectOption('stage');
    expect(await show.inputValue()).toBe('stage');
    await expect.poll(() => new URL(page.url()).searchParams.get('history')).toBe('stage');
    await expect
      .poll(() => timeline.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('admin moved version 1 from stage None to Production')]);
    await expectAccessible(page, 'a model page after an alias move');
    await w.close();
  });

  it('edits the description (shown as text, never as HTML) and the tags', async () => {
    const w = await asAda(`/models/${MODEL}`);
    const { page } = w;
    await expect.poll(() => heading(page).textContent()).toBe(MODEL);
    const markup = 'Retrained weekly. <img src=x onerror="alert(1)"> **bold**';
    await page.getByRole('button', { name: 'Edit description' }).click();
    const field = page.getByLabel('Description of the model');
    await field.fill(markup);
    await page.getByRole('button', { name: 'Save description' }).click();
    await expect.poll(() => page.getByTestId('description').textContent()).toBe(markup);
    expect(await page.locator('main img').count()).toBe(0);
    expect((await server.admin.models.get(MODEL)).description).toBe(markup);

    const tags = page.getByRole('table', { name: 'Tags of the model' });
    await page.getByRole('button', { name: 'Edit tag team' }).click();
    await page.getByLabel('Value of tag team').fill('fraud-ops');
    await page.getByRole('button', { name: 'Save tag team' }).click();
    await tags.getByRole('cell', { name: 'fraud-ops', exact: true }).waitFor();
    await page.getByLabel('Tag key').fill('owner');
    await page.getByLabel('Tag value').fill('ada');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByRole('cell', { name: 'owner', exact: true }).waitFor();
    const stored = (await server.admin.models.get(MODEL)).tags;
    expect(stored).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'fraud-ops' },
        { key: 'owner', value: 'ada' },
      ]),
    );
    const timeline = page.getByRole('list', { name: 'Changes, newest first' });
    await expect
      .poll(async () => (await timeline.getByRole('listitem').first().textContent()) ?? '')
      .toContain('ada set tag owner to “ada”');
    await w.close();
  });

  it('opens a version with its signature, source run and experiment, and moves its stage', async () => {
    const w = await asAda(`/models/${MODEL}`, [
      { path: `/api/v1/models/${MODEL}/aliases/latest`, status: 400 },
    ]);
    const { page } = w;
    await page
      .getByRole('table', { name: 'Versions' })
      .getByRole('link', { name: 'Version 2' })
      .click();
    await page.waitForURL(new RegExp(`/models/${MODEL}/versions/2$`, 'u'));
    await expect.poll(() => heading(page).textContent()).toBe(`${MODEL} version 2`);

    const inputs = page.getByRole('table', { name: 'Inputs' });
    await inputs.getByRole('rowheader', { name: 'input' }).waitFor();
    expect(await inputs.getByRole('row').nth(1).textContent()).toContain('FP32[-1, 30]');
    await page.getByText('30 named columns').click();
    await inputs.getByText('mean radius').waitFor();
    await inputs.getByText('worst fractal dimension').waitFor();
    const outputs = page.getByRole('table', { name: 'Outputs' });
    expect(await outputs.getByRole('row').nth(1).textContent()).toBe('probabilityFP32[-1, 1]');
    await page.getByText('Declared in slipway-model.json.').waitFor();

    const source = page.getByRole('link', { name: new RegExp(`logreg-baseline ${runId}`, 'u') });
    expect(await source.getAttribute('href')).toBe(`/runs/${runId}`);
    const experiment = page.getByRole('link', { name: 'fraud-training' });
    expect(await experiment.getAttribute('href')).toMatch(/^\/experiments\/\d+$/u);
    await expect
      .poll(() => page.getByTestId('download-uri').textContent())
      .toMatch(new RegExp(`^mlflow-artifacts:/.*/${runId}/artifacts/package$`, 'u'));
    expect(await page.getByText('With named columns.').count()).toBe(1);
    await expectAccessible(page, 'a model version page');
    await screenshot(page, 'model-version-page');

    // What the server refuses is shown with its own message, and nothing changes.
    await page.getByLabel('Alias', { exact: true }).fill('latest');
    await page.getByRole('button', { name: 'Set alias on version 2' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain(
      "'latest' alias name (case insensitive) is reserved.",
    );
    expect((await server.admin.models.get(MODEL)).aliases).toHaveLength(2);

    await page.getByLabel('New stage').selectOption('Staging');
    await page.getByRole('button', { name: 'Transition' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved to Staging.' }).waitFor();
    expect((await server.admin.models.getVersion(MODEL, '2')).currentStage).toBe('Staging');

    await page.getByLabel('Tag key').fill('reviewed-by');
    await page.getByLabel('Tag value').fill('ada');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page
      .getByRole('table', { name: 'Tags of version 2' })
      .getByRole('cell', { name: 'reviewed-by', exact: true })
      .waitFor();
    expect((await server.admin.models.getVersion(MODEL, '2')).tags).toEqual([
      { key: 'reviewed-by', value: 'ada' },
    ]);
    // Deleting a version's tag needs MANAGE, which ada lacks: the button says so.
    const remove = page.getByRole('button', { name: 'Delete tag reviewed-by' });
    expect(await remove.isDisabled()).toBe(true);
    expect(await remove.getAttribute('title')).toBe('Needs MANAGE on this model; you have EDIT.');

    // Version 1 has no manifest: its signature comes from the ONNX graph, dimensions named.
    await page.goto(`${server.url}/models/${MODEL}/versions/1`);
    await page.getByText('Read from the ONNX graph of model.onnx.').waitFor();
    expect(
      await page.getByRole('table', { name: 'Inputs' }).getByRole('row').nth(1).textContent(),
    ).toBe('inputFP32[batch, 30]');
    await expectAccessible(page, 'a model version page without a manifest');
    await w.close();
  });

  it('shows a READ-only user the controls disabled, and the server refusal when it decides', async () => {
    const before = await aliasVersion('champion');
    const w = await signedIn('rita', USERS.rita, `/models/${MODEL}`);
    const { page } = w;
    await expect.poll(() => heading(page).textContent()).toBe(MODEL);
    const move = page.getByRole('button', { name: 'Move alias champion' });
    await move.waitFor();
    await expect.poll(() => move.isDisabled()).toBe(true);
    expect(await move.getAttribute('title')).toBe('Needs EDIT on this model; you have READ.');
    expect(await page.getByRole('button', { name: 'Edit description' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete model' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Alias', { exact: true }).count()).toBe(0);
    await expectAccessible(page, 'a model page, read only');
    await screenshot(page, 'model-page-read-only');
    await w.close();

    // The UI learnt ada's permission when the page opened; an admin takes EDIT away meanwhile.
    const refusal = { path: `/api/v1/models/${MODEL}/aliases/champion`, status: 403 };
    const ada = await asAda(`/models/${MODEL}`, [refusal]);
    await ada.page.getByLabel('New version for alias champion').selectOption('1');
    await server.admin.permissions.set('registered_model', MODEL, 'ada', 'READ');
    // The server caches permission lookups for a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ada.page.getByRole('button', { name: 'Move alias champion' }).click();
    const alert = ada.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not move alias champion');
    expect(await alert.textContent()).toContain('PERMISSION_DENIED');
    expect(await aliasVersion('champion')).toBe(before);
    await expectAccessible(ada.page, 'a model page showing a refusal');
    await ada.close();
    await server.admin.permissions.set('registered_model', MODEL, 'ada', 'EDIT');
  });

  it('deletes a model after a confirmation, with permission', async () => {
    const w = await signedIn(ADMIN_USER, ADMIN_PASSWORD, '/models/fraud-rules');
    const { page } = w;
    await expect.poll(() => heading(page).textContent()).toBe('fraud-rules');
    await page.getByRole('button', { name: 'Delete model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete fraud-rules?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the delete-model dialog');
    await screenshot(page, 'model-delete-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await server.admin.models.get('fraud-rules')).name).toBe('fraud-rules');

    await page.getByRole('button', { name: 'Delete model' }).click();
    await dialog.getByRole('button', { name: 'Delete model' }).click();
    await page.waitForURL(/\/models$/u);
    const table = page.getByRole('table', { name: 'Registered models' });
    await expect
      .poll(() => table.locator('tbody tr td:first-child').allTextContents())
      .toEqual(['churn-predictor', MODEL]);
    const gone = await server.admin.models.get('fraud-rules').catch((err: unknown) => err);
    expect(isSlipwayError(gone) ? gone.code : gone).toBe('NOT_FOUND');
    await w.close();
  });
});
