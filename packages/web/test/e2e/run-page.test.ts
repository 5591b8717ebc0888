import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import type { ExpectedHttpError, WatchedPage } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';
import { tinyPng } from './support/tiny-png.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const ONNX = readFileSync(new URL('breast-cancer-logreg.onnx', FIXTURES));
const MANIFEST = readFileSync(new URL('breast-cancer-slipway-model.json', FIXTURES));

/** Enough params that the table must filter and virtualise them. */
const MANY_PARAMS = 3000;
/** Files in one artifact folder: the tree must virtualise them, the listing page them. */
const MANY_FILES = 3000;

const CSV =
  'transaction_id,amount,merchant\n1,12.50,"Coffee, Inc."\n2,99.99,Books\n3,5.00,Bakery\n';
const JSON_REPORT = { accuracy: 0.91, confusion: { tp: 40, fp: 3 }, classes: ['legit', 'fraud'] };
// Shown through <img>, where its script never runs (the page would report the error if it did).
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>throw new Error("svg script ran")</script><rect width="40" height="20" fill="teal"/></svg>';
const MLMODEL = `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.onnx
  onnx:
    onnx_version: 1.17.0
model_uuid: 0f1e2d3c
run_id: RUN_ID
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 30]}, "name": "input"}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}, "name": "probability"}]'
`;

/** The run page against a server with authentication off: every section, every preview. */
describe('web UI: the run page', () => {
  let server: WebServer;
  let browser: Browser;
  let experimentId: string;
  let runId: string;
  let childId: string;

  async function mlflow(path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.url}/api/2.0/mlflow${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const { admin } = server;
    experimentId = (await admin.experiments.create({ name: 'fraud-detection' })).experimentId;
    const run = await admin.runs.create({
      experimentId,
      runName: 'baseline',
      userId: 'ada',
      startTime: Date.UTC(2026, 0, 5, 9, 0, 0),
      tags: [
        { key: 'team', value: 'risk' },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.type', value: 'LOCAL' },
        { key: 'mlflow.source.git.commit', value: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39' },
        { key: 'mlflow.note.content', value: 'Logistic regression on the card data.' },
      ],
    });
    runId = run.info.runId;
    await admin.runs.logBatch(runId, {
      params: [
        { key: 'learning_rate', value: '0.01' },
        { key: 'max_depth', value: '6' },
      ],
      metrics: [0, 1, 2, 3, 4].flatMap((step) => [
        { key: 'loss', value: 1 / (step + 1), step },
        { key: 'accuracy', value: 0.5 + step * 0.1, step },
      ]),
    });
    for (let start = 0; start < MANY_PARAMS; start += 100) {
      await admin.runs.logBatch(runId, {
        params: Array.from({ length: 100 }, (_, i) => ({
          key: `feature_${String(start + i).padStart(4, '0')}_weight`,
          value: String((start + i) / 1000),
        })),
      });
    }
    await admin.runs.logInputs(runId, [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: {
          name: 'card-transactions',
          digest: 'a1b2c3d4',
          sourceType: 'local',
          source: 'data/transactions.csv',
          schema: JSON.stringify({ columns: [{ name: 'amount', type: 'double' }] }),
          profile: JSON.stringify({ num_rows: 2048 }),
        },
      },
    ]);
    const upload = (path: string, body: string | Uint8Array) =>
      admin.artifacts.upload(runId, path, body);
    await upload('plots/roc.png', tinyPng(64, 32));
    await upload('plots/icon.svg', SVG);
    await upload('report.json', JSON.stringify(JSON_REPORT));
    await upload('data/sample.csv', CSV);
    await upload('notes.txt', 'Trained on January data.\nThreshold 0.42.');
    await upload('big.log', 'x'.repeat(1024 * 1024 + 4096));
    await upload('model/model.onnx', ONNX);
    await upload('model/slipway-model.json', MANIFEST);
    await upload('mlflow-model/MLmodel', MLMODEL.replace('RUN_ID', runId));
    await upload('deep/nested/folder/readme.md', 'Deeply nested.');

    const child = await admin.runs.create({
      experimentId,
      runName: 'fold-1',
      tags: [{ key: 'mlflow.parentRunId', value: runId }],
    });
    childId = child.info.runId;
    await admin.runs.end(childId, 'FINISHED');

    const created = await mlflow('/logged-models', {
      experiment_id: experimentId,
      name: 'logreg-model',
      source_run_id: runId,
    });
    const modelId = (created.model as { info: { model_id: string } }).info.model_id;
    await mlflow('/runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 4 }] });

    await admin.models.create({ name: 'fraud-scorer' });
    await admin.models.createVersion('fraud-scorer', { source: `runs:/${runId}/model`, runId });
    await admin.runs.update(runId, { status: 'FINISHED', endTime: Date.UTC(2026, 0, 5, 9, 3, 5) });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const runUrl = (suffix = '') => `${server.url}/runs/${runId}${suffix}`;
  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  /** A row's texts, its header (a signature's tensor name) included, once the row is there. */
  const cellsOf = async (table: Locator, row: number) => {
    const cells = table.getByRole('row').nth(row).locator('th, td');
    await cells.first().waitFor();
    return cells.allTextContents();
  };
  const focusedPath = (page: Page) =>
    page.evaluate('document.activeElement?.getAttribute("data-path") ?? null');
  /** Whether a tree line lies within the scrolled tree panel's visible box. */
  const inView = async (line: Locator) => {
    const panel = line.page().getByRole('navigation', { name: 'Artifact files' });
    const [box, frame] = await Promise.all([line.boundingBox(), panel.boundingBox()]);
    if (box === null || frame === null) return false;
    return box.y >= frame.y && box.y + box.height <= frame.y + frame.height;
  };
  /** The text of the focused element when it is an h1; null when focus is elsewhere. */
  const focusedHeading = (page: Page) =>
    page.evaluate(
      'document.activeElement?.tagName === "H1" ? document.activeElement.textContent : null',
    );

  it('shows the header and every overview section as a person reads them', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl());
    await expect.poll(() => heading(page).textContent()).toBe('baseline');
    const facts = page.locator('.run-header .facts');
    const fact = async (term: string) =>
      (await facts.locator('div', { has: page.getByText(term, { exact: true }) }).textContent()) ??
      '';
    expect(await fact('Status')).toContain('FINISHED');
    expect(await fact('State')).toContain('active');
    expect(await fact('User')).toContain('ada');
    expect(await fact('Duration')).toContain('3 min 5 s');
    expect(await fact('Source')).toContain('train.py');
    expect(await fact('Git commit')).toContain('4f2a9c1e8b7d');
    expect(await page.getByText('Parent run', { exact: true }).count()).toBe(0);
    const experimentLink = page.getByRole('link', { name: 'fraud-detection' });
    expect(await experimentLink.getAttribute('href')).toBe(`/experiments/${experimentId}`);
    expect(await page.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await page.getByText('Logistic regression on the card data.').waitFor();

    // Params: sorted, filterable (in the URL), and only the rows in view are in the page.
    const params = page.getByRole('table', { name: 'Parameters' });
    await params.getByRole('cell', { name: 'feature_0000_weight' }).waitFor();
    const rendered = await params.locator('tbody tr:not(.spacer)').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    await page.getByLabel('Filter params').fill('learning');
    await expect
      .poll(() => params.locator('tbody tr:not(.spacer)').allTextContents())
      .toEqual(['learning_rate0.01']);
    expect(new URL(page.url()).searchParams.get('params')).toBe('learning');
    await page
      .getByText(`1 of ${(MANY_PARAMS + 2).toLocaleString('en-US')} params match`)
      .waitFor();

    const metrics = page.getByRole('table', { name: 'Metrics' });
    const loss = metrics.getByRole('row').filter({ hasText: 'loss' });
    await loss.waitFor();
    const lossCells = await loss.getByRole('cell').allTextContents();
    expect(lossCells.slice(0, 3)).toEqual(['loss', '0.2', '4']);
    expect(await loss.getByRole('link', { name: 'loss' }).getAttribute('href')).toBe(
      `/runs/${runId}/metrics?filter=loss`,
    );

    const tags = page.getByRole('table', { name: 'Tags', exact: true });
    expect(await tags.getByRole('row').filter({ hasText: 'team' }).textContent()).toContain('risk');
    const systemTags = page.getByRole('table', { name: 'System tags' });
    await systemTags.getByRole('cell', { name: 'mlflow.source.name' }).waitFor();
    expect(await tags.getByRole('cell', { name: 'mlflow.source.name' }).count()).toBe(0);

    const dataset = page.locator('.run-dataset', { hasText: 'card-transactions' });
    expect(await dataset.textContent()).toContain('a1b2c3d4');
    expect(await dataset.textContent()).toContain('data/transactions.csv');
    expect(await dataset.textContent()).toContain('training');
    await dataset.getByText('Schema').click();
    await dataset.getByText('"amount"').waitFor();

    const logged = page.getByRole('table', { name: 'Logged models' });
    const loggedRow = logged.getByRole('row').filter({ hasText: 'logreg-model' });
    await loggedRow.waitFor();
    expect(await loggedRow.textContent()).toContain('PENDING');
    const versions = page.getByRole('table', { name: 'Registered model versions' });
    await versions.getByRole('link', { name: 'Version 1' }).waitFor();
    expect(await versions.getByRole('link', { name: 'Version 1' }).getAttribute('href')).toBe(
      '/models/fraud-scorer/versions/1',
    );
    await page
      .getByRole('table', { name: 'Child runs' })
      .getByRole('link', { name: 'fold-1' })
      .waitFor();

    await expectAccessible(page, 'the run overview');
    await screenshot(page, 'run-overview');
    await w.close();
  });

  it("links a nested run to its parent, and the parent's page back to it", async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/runs/${childId}`);
    await expect.poll(() => heading(page).textContent()).toBe('fold-1');
    const parent = page.locator('.run-header .facts div', { hasText: 'Parent run' });
    // The first page of the visit keeps the browser's focus.
    expect(await page.evaluate('document.activeElement === document.body')).toBe(true);
    await parent.getByRole('link', { name: 'baseline' }).click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`, 'u'));
    await expect.poll(() => heading(page).textContent()).toBe('baseline');
    // Another page: focus is on its heading, as after a page load a screen reader reads it first.
    await expect.poll(() => focusedHeading(page)).toBe('baseline');
    expect(await heading(page).getAttribute('tabindex')).toBe('-1');
    await expectAccessible(page, 'a nested run');
    await w.close();
  });

  it('renames the run, edits a tag and the description, and they persist', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl());
    await page.getByRole('button', { name: 'Rename run' }).click();
    const name = page.getByLabel('Run name');
    expect(await name.inputValue()).toBe('baseline');
    await name.fill('baseline-v2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe('baseline-v2');
    // Focus is back on the Rename button.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Rename run');

    const tags = page.getByRole('table', { name: 'Tags', exact: true });
    await tags.getByRole('button', { name: 'Edit tag team' }).click();
    expect(await page.getByLabel('Tag key').inputValue()).toBe('team');
    await page.getByLabel('Tag value').fill('fraud-ops');
    await page.getByRole('button', { name: 'Set tag' }).click();
    await tags.getByRole('cell', { name: 'fraud-ops' }).waitFor();

    await page.getByRole('button', { name: 'Edit description' }).click();
    await page.getByLabel('Run description').fill('Retrained with January data.');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByText('Retrained with January data.').waitFor();

    await page.reload();
    await expect.poll(() => heading(page).textContent()).toBe('baseline-v2');
    await page.getByText('Retrained with January data.').waitFor();
    const run = await server.admin.runs.get(runId);
    expect(run.info.runName).toBe('baseline-v2');
    expect(run.data.tags).toContainEqual({ key: 'team', value: 'fraud-ops' });
    await w.close();
  });

  it('browses the artifacts by keyboard, with a preview of each kind', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl());
    await expect.poll(() => heading(page).textContent()).toMatch(/^baseline/u);
    // The section links are real links: focus one and press Enter.
    await page.getByRole('link', { name: 'Artifacts' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/runs/${runId}/artifacts$`, 'u'));
    const tree = page.getByRole('tree', { name: 'Artifacts' });
    await tree.getByRole('treeitem').first().waitFor();
    expect(
      await tree
        .getByRole('treeitem')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-path'))),
    ).toEqual([
      'data',
      'deep',
      'mlflow-model',
      'model',
      'plots',
      'big.log',
      'notes.txt',
      'report.json',
    ]);
    await page.getByRole('table', { name: 'Contents of All artifacts' }).waitFor();
    // A section of the same page: focus stays on the section link just followed.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Artifacts');

    // One Tab from the section links reaches the tree, on its first line.
    await page.keyboard.press('Tab');
    expect(await focusedPath(page)).toBe('data');
    await page.keyboard.press('ArrowDown');
    expect(await focusedPath(page)).toBe('deep');
    await page.keyboard.press('ArrowRight'); // opens deep
    await tree.locator('[data-path="deep/nested"]').waitFor();
    await page.keyboard.press('ArrowRight'); // into deep/nested
    expect(await focusedPath(page)).toBe('deep/nested');
    await page.keyboard.press('ArrowRight');
    await tree.locator('[data-path="deep/nested/folder"]').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await tree.locator('[data-path="deep/nested/folder/readme.md"]').waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await focusedPath(page)).toBe('deep/nested/folder/readme.md');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/artifacts\/deep\/nested\/folder\/readme\.md$/u);
    await page.getByLabel('Contents of readme.md').getByText('Deeply nested.').waitFor();
    // The URL changed, but within the same page: focus stays in the tree, not on the heading.
    expect(await focusedPath(page)).toBe('deep/nested/folder/readme.md');
    expect(await tree.locator('[aria-selected="true"]').getAttribute('data-path')).toBe(
      'deep/nested/folder/readme.md',
    );
    // Left goes up to the folder, then closes it.
    await page.keyboard.press('ArrowLeft');
    expect(await focusedPath(page)).toBe('deep/nested/folder');
    await page.keyboard.press('ArrowLeft');
    expect(
      await tree.locator('[data-path="deep/nested/folder"]').getAttribute('aria-expanded'),
    ).toBe('false');
    await page.keyboard.press('End');
    expect(await focusedPath(page)).toBe('report.json');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/artifacts\/report\.json$/u);
    const json = page.getByLabel('Contents of report.json');
    await json.waitFor();
    expect(await focusedPath(page)).toBe('report.json');
    expect(await json.textContent()).toBe(JSON.stringify(JSON_REPORT, null, 2));
    await page.keyboard.press('Home');
    expect(await focusedPath(page)).toBe('data');
    await page.keyboard.press(' '); // opens the folder and shows its contents
    await page.getByRole('table', { name: 'Contents of data' }).waitFor();
    expect(await focusedPath(page)).toBe('data');
    expect(await focusedHeading(page)).toBeNull();
    await expectAccessible(page, 'the artifacts browser');
    await w.close();
  });

  it('keeps a folder of thousands of files usable: few lines rendered, every file reachable', async () => {
    const { admin } = server;
    const big = await admin.runs.create({ experimentId, runName: 'many-files' });
    const bigId = big.info.runId;
    const name = (n: number) => `file-${String(n).padStart(4, '0')}.txt`;
    // Uploaded a few at a time: thousands of sequential requests would be most of the test.
    for (let start = 0; start < MANY_FILES; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, MANY_FILES - start) }, (_, i) =>
          admin.artifacts.upload(bigId, `many/${name(start + i)}`, `contents of file ${start + i}`),
        ),
      );
    }
    await admin.artifacts.upload(bigId, 'summary.txt', 'Three thousand files.');

    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/runs/${bigId}/artifacts`);
    const tree = page.getByRole('tree', { name: 'Artifacts' });
    const items = tree.getByRole('treeitem');
    await tree.locator('[data-path="many"]').waitFor();
    await tree.locator('[data-path="many"]').click();
    await page.waitForURL(/\/artifacts\/many$/u);
    const first = tree.locator(`[data-path="many/${name(0)}"]`);
    await first.waitFor();
    // The whole set is announced, but only about a screenful of lines is in the page.
    expect(await first.getAttribute('aria-setsize')).toBe(String(MANY_FILES));
    expect(await first.getAttribute('aria-level')).toBe('2');
    const rendered = await items.count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    // The folder's listing shows its first entries, and more on request.
    const listing = page.getByRole('table', { name: 'Contents of many' });
    await listing.waitFor();
    await page.getByText(`Showing 500 of ${MANY_FILES.toLocaleString('en-US')} entries.`).waitFor();
    expect(await listing.locator('tbody tr').count()).toBe(500);
    await page.getByRole('button', { name: 'Show 500 more' }).click();
    await expect.poll(() => listing.locator('tbody tr').count()).toBe(1000);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(name(500));

    // From the keyboard: End reaches the last line, which is scrolled into view.
    await first.focus();
    expect(await focusedPath(page)).toBe(`many/${name(0)}`);
    await page.keyboard.press('End');
    expect(await focusedPath(page)).toBe('summary.txt');
    await page.keyboard.press('ArrowUp');
    const last = `many/${name(MANY_FILES - 1)}`;
    expect(await focusedPath(page)).toBe(last);
    expect(await tree.locator(`[data-path="${last}"]`).getAttribute('aria-posinset')).toBe(
      String(MANY_FILES),
    );
    expect(await inView(tree.locator(`[data-path="${last}"]`))).toBe(true);
    // Typing a name jumps to it, deep in the folder; Page Up moves by a screenful.
    const deep = 2345;
    await page.keyboard.type(name(deep), { delay: 20 });
    expect(await focusedPath(page)).toBe(`many/${name(deep)}`);
    await page.keyboard.press('PageUp');
    const above = Number(/file-(\d+)/u.exec(String(await focusedPath(page)))?.[1] ?? Number.NaN);
    expect(above).toBeLessThan(deep - 5);
    expect(above).toBeGreaterThan(deep - 60);
    await page.keyboard.press('PageDown');
    expect(await focusedPath(page)).toBe(`many/${name(deep)}`);
    // Enter opens it; the URL changes but focus stays on the line.
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/artifacts/many/${name(deep)}$`, 'u'));
    await page
      .getByLabel(`Contents of ${name(deep)}`)
      .getByText(`contents of file ${deep}`)
      .waitFor();
    expect(await focusedPath(page)).toBe(`many/${name(deep)}`);
    expect(await items.count()).toBeLessThan(100);

    // Scrolled far away with the mouse wheel, the focused line stays in the page, and focused.
    await tree.locator('xpath=..').evaluate((panel: { scrollTop: number }) => {
      panel.scrollTop = 0;
    });
    await tree.locator(`[data-path="many/${name(0)}"]`).waitFor();
    expect(await focusedPath(page)).toBe(`many/${name(deep)}`);
    await page.keyboard.press('ArrowDown');
    expect(await focusedPath(page)).toBe(`many/${name(deep + 1)}`);
    await expectAccessible(page, 'a folder of thousands of artifacts');
    await screenshot(page, 'run-artifacts-many-files');

    // A link straight to a file deep in the folder scrolls the tree to it.
    const linked = `many/${name(1999)}`;
    await page.goto(`${server.url}/runs/${bigId}/artifacts/${linked}`);
    await page
      .getByLabel(`Contents of ${name(1999)}`)
      .getByText('contents of file 1999')
      .waitFor();
    const selected = tree.locator('[aria-selected="true"]');
    expect(await selected.getAttribute('data-path')).toBe(linked);
    await expect.poll(() => inView(selected)).toBe(true);
    await w.close();
  }, 120_000);

  it('previews CSV, JSON, text, images, ONNX, slipway-model.json and MLmodel', async () => {
    const w = await openPage(browser);
    const { page } = w;
    const open = async (path: string) => {
      await page.goto(runUrl(`/artifacts/${path}`));
      await page.getByRole('heading', { level: 2, name: path.split('/').pop() }).waitFor();
    };

    await open('data/sample.csv');
    const csv = page.getByRole('table', { name: 'First rows of sample.csv' });
    await csv.waitFor();
    expect(await csv.getByRole('columnheader').allTextContents()).toEqual([
      'transaction_id',
      'amount',
      'merchant',
    ]);
    expect(await cellsOf(csv, 1)).toEqual(['1', '12.50', 'Coffee, Inc.']);
    await page.getByText('Showing 3 of 3 rows.').waitFor();
    await expectAccessible(page, 'a CSV preview');
    await screenshot(page, 'run-artifact-csv');

    await open('notes.txt');
    await page.getByLabel('Contents of notes.txt').getByText('Threshold 0.42.').waitFor();

    await open('big.log');
    await page.getByText('the preview shows its first 1 MiB').waitFor();
    await page.getByRole('button', { name: 'Show more' }).waitFor();

    await open('plots/roc.png');
    const png = page.getByRole('img', { name: 'Preview of roc.png' });
    await expect
      .poll(() => png.evaluate((img: { naturalWidth: number }) => img.naturalWidth))
      .toBe(64);
    await expectAccessible(page, 'an image preview');
    await screenshot(page, 'run-artifact-image');

    await open('plots/icon.svg');
    const svg = page.getByRole('img', { name: 'Preview of icon.svg' });
    await expect
      .poll(() => svg.evaluate((img: { naturalWidth: number }) => img.naturalWidth))
      .toBe(40);
    expect(await svg.evaluate((img: { tagName: string }) => img.tagName)).toBe('IMG');

    await open('model/model.onnx');
    const inputs = page.getByRole('table', { name: 'Inputs' });
    expect(await cellsOf(inputs, 1)).toEqual(['input', 'FP32', '[batch, 30]']);
    // The tensor's name heads its row, as on a registry version's page.
    expect(await inputs.getByRole('rowheader').allTextContents()).toEqual(['input']);
    const outputs = page.getByRole('table', { name: 'Outputs' });
    expect(await cellsOf(outputs, 1)).toEqual(['probability', 'FP32', '[batch, 1]']);
    await expectAccessible(page, 'an ONNX signature');
    await screenshot(page, 'run-artifact-onnx');

    await open('model/slipway-model.json');
    await page.getByRole('heading', { name: 'Slipway model package' }).waitFor();
    const manifestFacts = await page.locator('.artifact-manifest .facts').first().textContent();
    expect(manifestFacts).toContain('breast-cancer');
    expect(manifestFacts).toContain('onnx');
    const manifestInputs = page.getByRole('table', { name: 'Inputs' });
    expect((await cellsOf(manifestInputs, 1)).join(' ')).toContain('mean radius');
    expect(await page.getByRole('link', { name: 'model.onnx' }).getAttribute('href')).toBe(
      `/runs/${runId}/artifacts/model/model.onnx`,
    );
    await expectAccessible(page, 'a slipway-model.json preview');

    await open('mlflow-model/MLmodel');
    await page.getByRole('heading', { name: 'MLflow model' }).waitFor();
    expect(await page.locator('.artifact-manifest .facts').textContent()).toContain(
      'python_function, onnx',
    );
    const signature = page.getByRole('table', { name: 'Signature inputs' });
    expect(await cellsOf(signature, 1)).toEqual(['input', 'float32', '[?, 30]']);
    await page.getByLabel('MLmodel as JSON').getByText('"loader_module": "mlflow.onnx"').waitFor();
    await expectAccessible(page, 'an MLmodel preview');
    await w.close();
  });

  it('downloads an artifact through the SDK, with the session token, as a file', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl('/artifacts/report.json'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download report.json' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('report.json');
    const saved = await download.path();
    expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual(JSON_REPORT);
    await w.close();
  });

  it('says when an artifact does not exist', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl('/artifacts/plots/missing.png'));
    await page.getByText('This run has no artifact at').waitFor();
    await w.close();
  });

  it('shows the metric charts tab', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(runUrl('/metrics'));
    await page.getByRole('heading', { name: 'Metric charts' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Metric charts' }).getAttribute('aria-current'),
    ).toBe('page');
    await page.getByText('2 metrics').waitFor();
    await expectAccessible(page, 'the metric charts tab');
    await screenshot(page, 'run-metrics');
    await w.close();
  });
});

/** With auth on, the page first asks who it is without credentials: 401 by design. */
const ANONYMOUS_WHOAMI: ExpectedHttpError = { path: '/api/v1/auth/whoami', status: 401 };

/** Edits need EDIT on the run's experiment: hidden from readers, and refused by the server. */
describe('web UI: the run page, with permissions', () => {
  let server: WebServer;
  let browser: Browser;
  let experimentId: string;
  let runId: string;

  async function signedIn(
    username: string,
    path: string,
    expected: ExpectedHttpError[] = [],
  ): Promise<WatchedPage> {
    const w = await openPage(browser, [ANONYMOUS_WHOAMI, ...expected]);
    await w.page.goto(`${server.url}${path}`);
    await w.page.getByLabel('Username').fill(username);
    await w.page.getByLabel('Password').fill(`${username}-password-123`);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.waitForURL((url) => url.pathname === path);
    return w;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ auth: true }), launchBrowser()]);
    const { admin } = server;
    for (const username of ['rita', 'eve']) {
      await admin.users.create({ username, password: `${username}-password-123` });
    }
    experimentId = (await admin.experiments.create({ name: 'credit-limits' })).experimentId;
    runId = (await admin.runs.create({ experimentId, runName: 'guarded' })).info.runId;
    await admin.runs.setTag(runId, 'team', 'credit');
    await admin.permissions.set('experiment', experimentId, 'rita', 'READ');
    await admin.permissions.set('experiment', experimentId, 'eve', 'EDIT');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers no edits to a reader, and says why', async () => {
    const w = await signedIn('rita', `/runs/${runId}`);
    const { page } = w;
    await page.getByRole('heading', { level: 1, name: 'guarded' }).waitFor();
    await page
      .getByText('Changing this run needs EDIT on its experiment; you have READ.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Rename run' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit description' }).count()).toBe(0);
    expect(await page.getByLabel('Tag key').count()).toBe(0);
    await page.getByRole('table', { name: 'Tags', exact: true }).getByText('credit').waitFor();
    await expectAccessible(page, 'the run page for a reader');
    await screenshot(page, 'run-overview-reader');
    await w.close();
  });

  it("shows the server's refusal when a permission was taken away meanwhile", async () => {
    const w = await signedIn('eve', `/runs/${runId}`, [
      { path: `/api/v1/runs/${runId}`, status: 403 },
    ]);
    const { page } = w;
    await page.getByRole('button', { name: 'Rename run' }).waitFor();
    await server.admin.permissions.set('experiment', experimentId, 'eve', 'READ');
    // The server caches permissions for a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await page.getByRole('button', { name: 'Rename run' }).click();
    await page.getByLabel('Run name').fill('renamed-anyway');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not rename the run');
    expect(await alert.textContent()).toContain('PERMISSION_DENIED');
    expect((await server.admin.runs.get(runId)).info.runName).toBe('guarded');
    await expectAccessible(page, 'the run page with a refused rename');
    await w.close();
  });
});
