import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

/** The UI against a server with authentication off: no login, straight to the experiments. */
describe('web UI, authentication off', () => {
  let server: WebServer;
  let browser: Browser;
  let fraudId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const { admin } = server;
    const fraud = await admin.experiments.create({
      name: 'fraud-detection',
      tags: [
        { key: 'team', value: 'risk' },
        { key: 'mlflow.note.content', value: 'Card fraud models, retrained weekly.' },
      ],
    });
    fraudId = fraud.experimentId;
    await admin.experiments.create({ name: 'fraud-rules' });
    await admin.experiments.create({ name: 'churn-model' });
    const baseline = await admin.runs.create({
      experimentId: fraudId,
      runName: 'baseline',
      userId: 'ada',
    });
    await admin.runs.end(baseline.info.runId, 'FINISHED');
    await admin.runs.create({ experimentId: fraudId, runName: 'tuned-lr', userId: 'grace' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the experiments list, with what the SDK created', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/experiments$/u);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Experiments');
    const table = page.getByRole('table', { name: 'Experiments' });
    for (const name of ['fraud-detection', 'fraud-rules', 'churn-model', 'Default']) {
      await table.getByRole('link', { name, exact: true }).waitFor();
    }
    // The first page of a visit (through the redirect from /) leaves focus to the browser.
    expect(await page.evaluate('document.activeElement === document.body')).toBe(true);
    expect(await page.getByText('Authentication off').count()).toBe(1);
    await expectAccessible(page, 'the experiments list');
    await screenshot(page, 'experiments-list');
    await w.close();
  });

  it('searches by name and by filter, keeping the search in a shareable URL', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    const box = page.getByLabel('Search experiments');
    await box.fill('fraud');
    await box.press('Enter');
    await page.waitForURL(/\?q=fraud$/u);
    const table = page.getByRole('table', { name: 'Experiments' });
    await table.getByRole('link', { name: 'fraud-rules' }).waitFor();
    await expect
      .poll(() => table.getByRole('link').allTextContents())
      .toEqual(['fraud-detection', 'fraud-rules']);
    // A new search is the same page: focus does not jump to the heading.
    expect(await page.evaluate('document.activeElement?.tagName')).not.toBe('H1');

    // The same URL in another tab shows the same list, with the search in the box.
    const shared = await openPage(browser);
    await shared.page.goto(page.url());
    const sharedTable = shared.page.getByRole('table', { name: 'Experiments' });
    await sharedTable.getByRole('link', { name: 'fraud-rules' }).waitFor();
    expect(await sharedTable.getByRole('link').allTextContents()).toEqual([
      'fraud-detection',
      'fraud-rules',
    ]);
    expect(await shared.page.getByLabel('Search experiments').inputValue()).toBe('fraud');
    await shared.close();

    await box.fill("name = 'churn-model'");
    await box.press('Enter');
    await expect.poll(() => table.getByRole('link').allTextContents()).toEqual(['churn-model']);
    expect(new URL(page.url()).searchParams.get('q')).toBe("name = 'churn-model'");
    await w.close();
  });

  it('shows a bad filter’s error from the server', async () => {
    const w = await openPage(browser, [{ path: '/api/v1/experiments', status: 400 }]);
    const { page } = w;
    await page.goto(`${server.url}/experiments?q=${encodeURIComponent("name = 'x' AND")}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('INVALID_ARGUMENT');
    await expectAccessible(page, 'the experiments list with an error');
    await w.close();
  });

  it('switches to deleted experiments', async () => {
    await server.admin.experiments.delete(
      (await server.admin.experiments.getByName('fraud-rules')).experimentId,
    );
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    // The choice applies at once: the box shows it right after the change, and the URL keeps it.
    const show = page.getByLabel('Show');
    await show.selectOption('deleted');
    expect(await show.inputValue()).toBe('deleted');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('deleted');
    const table = page.getByRole('table', { name: 'Experiments' });
    await expect.poll(() => table.getByRole('link').allTextContents()).toEqual(['fraud-rules']);
    await w.close();
  });

  it('opens an experiment with its description, tags and runs', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    await page.getByRole('link', { name: 'fraud-detection' }).click();
    await page.waitForURL(new RegExp(`/experiments/${fraudId}$`, 'u'));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('fraud-detection');
    await page.getByText('Card fraud models, retrained weekly.').waitFor();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('cell', { name: 'baseline', exact: true }).waitFor();
    const rows = await runs.getByRole('row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('tuned-lr');
    expect(rows[1]).toContain('RUNNING');
    expect(rows[1]).toContain('grace');
    expect(rows[2]).toContain('FINISHED');
    expect(await page.getByRole('cell', { name: 'team' }).count()).toBe(1);
    await expectAccessible(page, 'an experiment page');
    await screenshot(page, 'experiment-page');
    await w.close();
  });

  it('can be used from the keyboard: skip link first, visible focus, real links', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/experiments`);
    await page.getByRole('link', { name: 'churn-model' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate('document.activeElement?.textContent ?? ""');
    expect(await focused()).toBe('Skip to main content');
    // The skip link is off-screen until focused, then visible, with a focus outline.
    expect(await page.getByRole('link', { name: 'Skip to main content' }).isVisible()).toBe(true);
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    // From the main content, Tab reaches the search box, then the experiment links.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('experiment-search');
    await page.getByRole('link', { name: 'churn-model' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'churn-model' }).waitFor();
    // A link to another page: focus lands on its heading, and Tab goes on from there.
    const focusedTag = () => page.evaluate('document.activeElement?.tagName');
    await expect.poll(focusedTag).toBe('H1');
    expect(await focused()).toBe('churn-model');
    // The main navigation's links too; Back returns to the list, its heading focused.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Models' })
      .focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/models$/u);
    await expect.poll(focused).toBe('Models');
    expect(await focusedTag()).toBe('H1');
    await page.goBack();
    await expect.poll(focused).toBe('churn-model');
    expect(await focusedTag()).toBe('H1');
    await w.close();
  });

  it('answers an unknown client route with the not-found page', async () => {
    const w = await openPage(browser);
    const { page } = w;
    const response = await page.goto(`${server.url}/no/such/page`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(page, 'the not-found page');
    await w.close();
  });

  it('keeps the first page under 300 kB of gzipped scripts and styles', async () => {
    const w = await openPage(browser);
    const { page } = w;
    const bodies: Promise<Buffer>[] = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'script' || type === 'stylesheet') bodies.push(response.body());
    });
    await page.goto(`${server.url}/experiments`);
    await page.getByRole('link', { name: 'churn-model' }).waitFor();
    const gzipped = (await Promise.all(bodies)).reduce((sum, b) => sum + gzipSync(b).length, 0);
    console.log(`first page: ${bodies.length} files, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
    expect(bodies.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(300 * 1024);
    await w.close();
  });
});
