import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';
import { nodeE, statuses, writeFiles } from './pipelines-fixtures.js';
import type { JsonRun } from './pipelines-fixtures.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let pipelineFile: string;
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

const PREPARE = `
const fs = require('fs');
const out = process.env.SLIPWAY_OUTPUTS;
const rows = Number(process.argv[2]);
fs.writeFileSync(out + '/data.csv', Array.from({ length: rows }, (_, i) => String(i)).join('\\n') + '\\n');
fs.mkdirSync(out + '/meta');
fs.writeFileSync(out + '/meta/info.json', JSON.stringify({ rows }));
console.log('prepared ' + rows + ' rows');
`;

// Reads its input, writes a model, and logs a metric to its tracked run as an MLflow client would.
const TRAIN = `
import { readFileSync, writeFileSync } from 'node:fs';
const lr = Number(process.argv[2]);
const input = process.env.SLIPWAY_INPUTS + '/prepare';
const rows = readFileSync(input + '/data.csv', 'utf8').trim().split('\\n').length;
const info = JSON.parse(readFileSync(input + '/meta/info.json', 'utf8'));
writeFileSync(process.env.SLIPWAY_OUTPUTS + '/model.json', JSON.stringify({ lr, rows, info }));
console.log('run-id=' + process.env.MLFLOW_RUN_ID);
console.log('env=' + JSON.stringify({
  pipelineRun: process.env.SLIPWAY_PIPELINE_RUN_ID,
  step: process.env.SLIPWAY_STEP,
  url: process.env.SLIPWAY_URL,
  tracking: process.env.MLFLOW_TRACKING_URI,
  declared: process.env.GREETING,
}));
console.error('training on ' + rows + ' rows');
const res = await fetch(process.env.MLFLOW_TRACKING_URI + '/api/2.0/mlflow/runs/log-metric', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ run_id: process.env.MLFLOW_RUN_ID, key: 'rows', value: rows, timestamp: Date.now(), step: 0 }),
});
if (!res.ok) { console.error(await res.text()); process.exit(1); }
`;

const EVALUATE = nodeE(
  'const fs = require("fs"); const m = JSON.parse(fs.readFileSync(process.env.SLIPWAY_INPUTS + "/train/model.json", "utf8")); fs.writeFileSync(process.env.SLIPWAY_OUTPUTS + "/report.json", JSON.stringify({ score: m.rows * m.lr, threshold: ${params.threshold} }));',
);

const PIPELINE = `
name: churn
params:
  rows: 3
  lr: 0.1
  threshold: 0.5
  verbose: false
env:
  GREETING: hello
steps:
  - name: prepare
    run: node prepare.js \${params.rows} && echo verbose=\${params.verbose}
    files: [prepare.js]
  - name: train
    needs: [prepare]
    run: node train.mjs \${params.lr}
    files: ["*.mjs"]
  - name: evaluate
    needs: [train]
    run: ${JSON.stringify(EVALUATE)}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-pipelines-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  await writeFiles(join(dir, 'churn'), {
    'pipeline.yaml': PIPELINE,
    'prepare.js': PREPARE,
    'train.mjs': TRAIN,
  });
  pipelineFile = join(dir, 'churn', 'pipeline.yaml');
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const result = await runCli(['pipelines', 'run', pipelineFile, '--json', ...args], env);
  return { ...result, json: JSON.parse(result.stdout) as JsonRun };
}

let first: JsonRun;

describe('slipway pipelines run', () => {
  it('runs the steps in order, passing outputs as inputs, with live progress', async () => {
    const result = await run();
    expect(result.code, result.stderr).toBe(0);
    first = result.json;
    expect(Object.keys(first)).toEqual(['runId', 'status', 'steps']);
    expect(first.status).toBe('succeeded');
    expect(first.steps.map((s) => Object.keys(s))).toEqual([
      ['name', 'status', 'cacheKey'],
      ['name', 'status', 'cacheKey'],
      ['name', 'status', 'cacheKey'],
    ]);
    expect(statuses(first)).toEqual({
      prepare: 'succeeded',
      train: 'succeeded',
      evaluate: 'succeeded',
    });
    for (const step of first.steps) expect(step.cacheKey).toMatch(/^[0-9a-f]{64}$/u);
    expect(result.stderr).toContain('▶ prepare');
    expect(result.stderr).toMatch(/✓ prepare \d+\.\ds/u);
    expect(result.stderr).toContain('[prepare] prepared 3 rows');
    expect(result.stderr).toContain('[train] training on 3 rows');

    const shown = await runJson(['pipelines', 'get', first.runId], env);
    const evaluate = shown.run.steps.find((s: { key: string }) => s.key === 'evaluate');
    const report = JSON.stringify({ score: 3 * 0.1, threshold: 0.5 });
    expect(evaluate.outputs).toEqual([
      { path: 'report.json', digest: sha256(report), size: report.length },
    ]);
    const res = await fetch(
      `${server.url}/api/v1/pipelines/runs/${first.runId}/steps/evaluate/outputs/report.json`,
    );
    expect(await res.text()).toBe(report);
    const prepare = shown.run.steps.find((s: { key: string }) => s.key === 'prepare');
    expect(prepare.outputs.map((o: { path: string }) => o.path)).toEqual([
      'data.csv',
      'meta/info.json',
    ]);
    expect(prepare.cacheParts.files['prepare.js']).toBe(sha256(PREPARE));
    expect(prepare.cacheParts.params).toEqual({ rows: 3, verbose: false });
    expect(prepare.cacheParts.env).toEqual({ GREETING: 'hello' });
    const train = shown.run.steps.find((s: { key: string }) => s.key === 'train');
    expect(train.cacheParts.inputs).toEqual({ prepare: prepare.outputsDigest });
    expect(Object.keys(train.cacheParts.files)).toEqual(['train.mjs']);
  });

  it('gives each step a tracked run that MLflow clients inside it log to', async () => {
    const { run: shown } = await runJson(['pipelines', 'get', first.runId], env);
    const train = shown.steps.find((s: { key: string }) => s.key === 'train');
    expect(train.trackedRunId).toBeTruthy();
    const logs = await runCli(['pipelines', 'logs', first.runId, 'train'], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain(`run-id=${train.trackedRunId}`);
    expect(logs.stdout).toContain('training on 3 rows');
    const envLine = logs.stdout.split('\n').find((l) => l.startsWith('env='));
    expect(JSON.parse(envLine!.slice(4))).toEqual({
      pipelineRun: first.runId,
      step: 'train',
      url: server.url,
      tracking: server.url,
      declared: 'hello',
    });
    const tracked = await runJson(['runs', 'get', train.trackedRunId], env);
    expect(tracked.info.status).toBe('FINISHED');
    expect(tracked.data.metrics).toContainEqual(expect.objectContaining({ key: 'rows', value: 3 }));
    const experiment = await runJson(['experiments', 'get', tracked.info.experimentId], env);
    expect(experiment.name).toBe('pipeline/churn');
  });

  it('reads step logs as JSON, with their streams', async () => {
    const logs = await runJson(['pipelines', 'logs', first.runId, 'train'], env);
    const streams = new Map(
      logs.entries.map((e: { text: string; stream: string }) => [e.text, e.stream]),
    );
    expect(streams.get('training on 3 rows')).toBe('stderr');
    const missing = await runCli(['pipelines', 'logs', first.runId, 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no step 'nope'");
  });

  it('reuses every step when nothing changed', async () => {
    const again = await run();
    expect(again.code).toBe(0);
    expect(statuses(again.json)).toEqual({
      prepare: 'cached',
      train: 'cached',
      evaluate: 'cached',
    });
    expect(again.json.steps.map((s) => s.cacheKey)).toEqual(first.steps.map((s) => s.cacheKey));
    expect(again.stderr).toContain('cached prepare');
    expect(again.stderr).not.toContain('▶');
    const { run: shown } = await runJson(['pipelines', 'get', again.json.runId], env);
    expect(shown.steps[2].cachedFrom).toEqual({ runId: first.runId, stepKey: 'evaluate' });
    expect(shown.steps[2].outputs).toHaveLength(1);
  });

  it('reruns only the steps a changed param reaches, and those whose inputs changed', async () => {
    const threshold = await run('--param', 'threshold=0.9');
    expect(statuses(threshold.json)).toEqual({
      prepare: 'cached',
      train: 'cached',
      evaluate: 'succeeded',
    });
    // prepare runs again but writes the same outputs, so what needs it is still cached.
    const verbose = await run('--param', 'verbose=true');
    expect(statuses(verbose.json)).toEqual({
      prepare: 'succeeded',
      train: 'cached',
      evaluate: 'cached',
    });
    const lr = await run('--param', 'lr=0.5');
    expect(statuses(lr.json)).toEqual({
      prepare: 'cached',
      train: 'succeeded',
      evaluate: 'succeeded',
    });
  });

  it('reruns a step whose declared file changed', async () => {
    const file = join(dir, 'churn', 'train.mjs');
    await writeFile(file, `${TRAIN}\n// a comment changes the file, not the model\n`);
    try {
      const changed = await run();
      expect(statuses(changed.json)).toEqual({
        prepare: 'cached',
        train: 'succeeded',
        evaluate: 'cached',
      });
    } finally {
      await writeFile(file, TRAIN);
    }
  });

  it('runs everything again with --force, under the same keys', async () => {
    const forced = await run('--force');
    expect(forced.code).toBe(0);
    expect(statuses(forced.json)).toEqual({
      prepare: 'succeeded',
      train: 'succeeded',
      evaluate: 'succeeded',
    });
    expect(forced.json.steps.map((s) => s.cacheKey)).toEqual(first.steps.map((s) => s.cacheKey));
  });

  it('lists pipelines and runs, and shows a run for people', async () => {
    const list = await runJson(['pipelines', 'list'], env);
    expect(list.pipelines).toEqual([expect.objectContaining({ name: 'churn', runCount: 7 })]);
    const runs = await runJson(['pipelines', 'runs', '--pipeline', 'churn'], env);
    expect(runs.runs).toHaveLength(7);
    expect(runs.runs.at(-1).runId).toBe(first.runId);
    const human = await runCli(['pipelines', 'get', first.runId], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/train\s+succeeded\s+1\s/u);
    expect(human.stdout).toContain('train cache key parts:');
    expect(human.stdout).toContain(`file prepare.js: ${sha256(PREPARE)}`);
    const table = await runCli(['pipelines', 'runs'], env);
    expect(table.stdout).toContain('3 succeeded');
  });
});

describe('slipway pipelines run: usage errors', () => {
  async function expectUsageError(args: string[], message: string | RegExp) {
    const result = await runCli(['pipelines', 'run', ...args], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  }

  it('refuses a file that is not YAML, an unknown param and a cycle', async () => {
    await writeFiles(join(dir, 'bad'), {
      'broken.yaml': 'name: broken\nsteps: [\n  - name: a\n',
      'cycle.yaml':
        'name: cycle\nsteps:\n  - name: a\n    needs: [b]\n    run: "true"\n  - name: b\n    needs: [a]\n    run: "true"\n',
      'nosteps.yaml': 'name: empty\n',
    });
    await expectUsageError([join(dir, 'bad', 'broken.yaml')], /broken\.yaml is not valid YAML/u);
    await expectUsageError([join(dir, 'bad', 'cycle.yaml')], /cycle/u);
    await expectUsageError([join(dir, 'bad', 'nosteps.yaml')], /steps/u);
    await expectUsageError([pipelineFile, '--param', 'nope=1'], /Unknown parameter "nope"/u);
    await expectUsageError([pipelineFile, '--param', 'rows=many'], /rows must be a number/u);
    await expectUsageError([pipelineFile, '--param', 'rows'], /--param expects key=value/u);
    await expectUsageError([join(dir, 'missing.yaml')], /no such file/u);
    // Nothing was recorded for any of them.
    const list = await runJson(['pipelines', 'list'], env);
    expect(list.pipelines.map((p: { name: string }) => p.name)).toEqual(['churn']);
    expect(await readFile(pipelineFile, 'utf8')).toBe(PIPELINE);
  });
});
