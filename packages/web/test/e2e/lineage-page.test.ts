import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PlannedStep } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { startWebServer } from './support/web-server.js';
import type { WebServer } from './support/web-server.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const WORKER = 'e2e-runner';

function planned(key: string, needs: string[] = []): PlannedStep {
  return {
    key,
    name: key,
    needs,
    command: `echo ${key}`,
    workdir: '.',
    env: {},
    files: [],
    params: {},
    retries: 0,
    retryDelayMs: 1000,
    cache: { enabled: true },
  };
}

interface Seeded {
  pipelineRun: string;
  trainRun: string;
  modelVersion: string;
}

/**
 * One production loop as the pipeline runner and the CLI record it (as the server's lineage
 * tests seed it): dataset `tx` version 1 read by the `prepare` step's tracked run; `train` logs
 * to a run from which model `churn` version 1 is registered; deployment `churn-live` serves it.
 */
async function seed(admin: SlipwayClient): Promise<Seeded> {
  await admin.datasets.add('tx', [{ path: 'tx.csv', body: 'a,b\n1,2\n3,4\n' }]);
  const run = await admin.pipelines.createRun({
    pipeline: 'churn',
    steps: [planned('prepare'), planned('train', ['prepare'])],
  });
  const prepareRun = (await admin.runs.create({ runName: 'prepare-run' })).info.runId;
  const trainRun = (await admin.runs.create({ runName: 'train-run' })).info.runId;
  for (const [key, trackedRunId] of [
    ['prepare', prepareRun],
    ['train', trainRun],
  ] as const) {
    await admin.pipelines.startStep(run.runId, key, { worker: WORKER, trackedRunId });
    await admin.pipelines.finishStep(run.runId, key, {
      worker: WORKER,
      status: 'succeeded',
      outputs: [],
    });
  }
  await admin.datasets.link('tx', 1, prepareRun);
  await admin.models.create({ name: 'churn' });
  const onnx = new Uint8Array(await readFile(new URL('breast-cancer-logreg.onnx', FIXTURES)));
  const version = await admin.models.createVersionFromFiles(
    'churn',
    [{ path: 'model.onnx', body: onnx }],
    { runId: trainRun },
  );
  await admin.deployments.apply({
    name: 'churn-live',
    policy: { type: 'single', model: `models:/churn/${version.version}` },
  });
  return { pipelineRun: run.runId, trainRun, modelVersion: version.version };
}

/** A node of the drawn graph, by its reference. */
const graphNode = (page: Page, id: string) => page.locator(`.ln-graph [data-node="${id}"]`);

describe('lineage page', () => {
  let server: WebServer;
  let browser: Browser;
  let seeded: Seeded;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    seeded = await seed(server.admin);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks from a model version up to its dataset, then re-roots on the dataset', async () => {
    const w = await openPage(browser);
    const { page } = w;
    // A missing element fails in seconds with its locator, not at the test's timeout.
    page.setDefaultTimeout(8_000);
    const model = `models:/churn/${seeded.modelVersion}`;
    // Reached the way a user does: from the model version's page.
    await page.goto(`${server.url}/models/churn/versions/${seeded.modelVersion}`);
    await page.getByRole('link', { name: 'Lineage graph' }).click();
    await page.waitForURL((u) => u.pathname === '/lineage');
    expect(new URL(page.url()).searchParams.get('node')).toBe(model);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Lineage of Model version churn v1');

    // The root is marked in words, the dataset version upstream is drawn with its type.
    await expect.poll(() => graphNode(page, model).textContent()).toContain('root');
    const dataset = graphNode(page, 'datasets:/tx@1');
    await expect.poll(() => dataset.textContent()).toContain('tx@1');
    expect(await dataset.textContent()).toContain('Dataset version');
    const relations = await page.locator('.ln-relation').allTextContents();
    expect(relations).toEqual(expect.arrayContaining(['read by', 'logged to', 'produced']));
    // Upstream is on the left.
    const modelBox = await graphNode(page, model).boundingBox();
    const datasetBox = await dataset.boundingBox();
    expect(datasetBox!.x).toBeLessThan(modelBox!.x);
    // The table view names the same edges.
    const edgeRows = await page.locator('.ln-edges tbody tr').allTextContents();
    expect(edgeRows).toContain('Dataset version tx@1read byRun prepare-run');
    await expectAccessible(page, 'the lineage page of a model version');
    await screenshot(page, 'lineage-model-version');

    // The model's page asks where it came from; depth 1 keeps only its run, and the URL keeps it.
    expect(new URL(page.url()).searchParams.get('direction')).toBe('upstream');
    await page.getByLabel('Depth (edges)').selectOption('1');
    await expect.poll(() => graphNode(page, 'datasets:/tx@1').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('depth')).toBe('1');
    await page.getByLabel('Depth (edges)').selectOption('10');
    await page.getByLabel('Direction').selectOption('both');
    await expect.poll(() => graphNode(page, 'datasets:/tx@1').count()).toBe(1);

    // Clicking the dataset re-roots the page on it: a new URL, the deployment downstream.
    await page.getByRole('link', { name: 'Dataset version tx@1: show its lineage' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('node')).toBe('datasets:/tx@1');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Lineage of Dataset version tx@1');
    const deployment = graphNode(page, 'deployments:/churn-live');
    await expect.poll(() => deployment.textContent()).toContain('Deployment');
    expect(await deployment.textContent()).toContain('churn-live');
    await expect.poll(() => graphNode(page, 'datasets:/tx@1').textContent()).toContain('root');
    await expectAccessible(page, 'the lineage page of a dataset version');
    await screenshot(page, 'lineage-dataset-version');

    // The deployment's own page is one click away.
    await page.getByRole('link', { name: 'Open page: Deployment churn-live' }).first().click();
    await page.waitForURL((u) => u.pathname === '/deployments/churn-live');

    // Back walks back: to the dataset's graph, then to the model's.
    await page.goBack();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Lineage of Dataset version tx@1');
    await page.goBack();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Lineage of Model version churn v1');
    await w.close();
  }, 30_000);

  it('links the pipeline run and dataset version pages to their lineage', async () => {
    const w = await openPage(browser);
    const { page } = w;
    page.setDefaultTimeout(8_000);
    await page.goto(`${server.url}/pipelines/runs/${seeded.pipelineRun}`);
    await page.getByRole('link', { name: 'Lineage graph' }).click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('node'))
      .toBe(`pipelines:/${seeded.pipelineRun}`);
    await expect
      .poll(() => graphNode(page, `pipelines:/${seeded.pipelineRun}/train`).textContent())
      .toContain('Pipeline step');
    await page.goto(`${server.url}/datasets/tx/versions/1`);
    await page.getByRole('link', { name: 'Lineage graph' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('node')).toBe('datasets:/tx@1');
    // From a dataset: what was made of it, down to the deployment serving the model.
    expect(new URL(page.url()).searchParams.get('direction')).toBe('downstream');
    await expect.poll(() => graphNode(page, `runs:/${seeded.trainRun}`).count()).toBe(1);
    await expect
      .poll(() => page.locator('.ln-nodes tbody tr').allTextContents())
      .toContainEqual(expect.stringContaining('churn-live'));
    await w.close();
  }, 30_000);
});
