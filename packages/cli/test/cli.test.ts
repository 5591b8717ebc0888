import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { runCli, runJson } from './cli-harness.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url };
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function expectOneErrorLine(stderr: string): void {
  expect(stderr).toMatch(/^error: .+\n$/u);
  expect(stderr).not.toMatch(/\n.+/u);
  expect(stderr).not.toMatch(/ at .+:\d+:\d+/u);
}

describe('slipway experiments', () => {
  it('creates, gets, lists, renames, deletes and restores', async () => {
    const created = await runCli(['experiments', 'create', 'cli-exp', '--tag', 'team=ml'], env);
    expect(created.code).toBe(0);
    const id = /with id (\d+)/u.exec(created.stdout)?.[1];
    expect(id).toBeDefined();

    const byName = await runJson(['experiments', 'get', '--name', 'cli-exp'], env);
    expect(byName).toMatchObject({ experimentId: id, tags: [{ key: 'team', value: 'ml' }] });
    const human = await runCli(['experiments', 'get', id as string], env);
    expect(human.stdout).toContain('Name:');
    expect(human.stdout).toContain('cli-exp');
    expect(human.stdout).toContain('team = ml');

    const list = await runJson(['experiments', 'list', '--order-by', 'name ASC'], env);
    expect(list.experiments.map((e: { name: string }) => e.name)).toEqual(['Default', 'cli-exp']);
    const table = await runCli(['experiments', 'list'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STAGE\s+CREATED$/u);

    const renamed = await runJson(['experiments', 'rename', id as string, 'cli-exp-2'], env);
    expect(renamed.name).toBe('cli-exp-2');
    expect((await runCli(['experiments', 'delete', id as string], env)).code).toBe(0);
    const deleted = await runJson(['experiments', 'list', '--view', 'deleted'], env);
    expect(deleted.experiments.map((e: { name: string }) => e.name)).toEqual(['cli-exp-2']);
    expect((await runCli(['experiments', 'restore', id as string], env)).code).toBe(0);
    expect((await runJson(['experiments', 'get', id as string], env)).lifecycleStage).toBe(
      'active',
    );
  });

  it('reports server errors as one line and exit code 1', async () => {
    const res = await runCli(['experiments', 'get', '424242'], env);
    expect(res.code).toBe(1);
    expectOneErrorLine(res.stderr);
    expect(res.stderr).toContain('424242');
    expect(res.stdout).toBe('');
    const dup = await runCli(['experiments', 'create', 'Default'], env);
    expect(dup.code).toBe(1);
    expectOneErrorLine(dup.stderr);
  });
});

describe('usage errors', () => {
  it.each([
    [['nope']],
    [['experiments', 'nope']],
    [['experiments', 'create']],
    [['experiments', 'get']],
    [['experiments', 'list', '--max-results', 'lots']],
    [['runs', 'log-metric', 'r', 'k', 'high']],
    [['runs', 'end', 'r', '--status', 'DONE']],
    [['experiments', 'list', '--bogus']],
    [['artifacts', 'list']],
  ])('slipway %j exits 2 with one error line', async (args) => {
    const res = await runCli(args, env);
    expect(res.code).toBe(2);
    expectOneErrorLine(res.stderr);
  });

  it('prints help and the version with exit code 0', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('experiments');
    const version = await runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it('reports an unreachable server with exit code 1', async () => {
    const res = await runCli(['experiments', 'list', '--url', 'http://127.0.0.1:9'], env);
    expect(res.code).toBe(1);
    expectOneErrorLine(res.stderr);
    expect(res.stderr).toContain('Cannot reach the Slipway server at http://127.0.0.1:9');
  });
});

describe('slipway runs', () => {
  it('creates a run, logs to it, ends it and finds it', async () => {
    await runCli(['experiments', 'create', 'cli-runs'], env);
    const run = await runJson(['runs', 'create', '--experiment', 'cli-runs', '--name', 'r1'], env);
    const runId: string = run.info.runId;
    expect(run.info.runName).toBe('r1');

    expect(
      (await runCli(['runs', 'log-metric', runId, 'acc', '0.75', '--step', '1'], env)).code,
    ).toBe(0);
    expect(
      (await runCli(['runs', 'log-metric', runId, 'acc', '0.9', '--step', '2'], env)).code,
    ).toBe(0);
    // '-inf' looks like a cluster of short options, so it goes after '--'; plain negatives do not.
    expect((await runCli(['runs', 'log-metric', runId, 'bad', '--', '-inf'], env)).code).toBe(0);
    expect((await runCli(['runs', 'log-metric', runId, 'delta', '-0.25'], env)).code).toBe(0);
    expect((await runCli(['runs', 'log-param', runId, 'lr', '0.01'], env)).code).toBe(0);
    expect((await runCli(['runs', 'set-tag', runId, 'phase', 'eval'], env)).code).toBe(0);
    const clash = await runCli(['runs', 'log-param', runId, 'lr', '0.02'], env);
    expect(clash.code).toBe(1);
    expectOneErrorLine(clash.stderr);

    const got = await runJson(['runs', 'get', runId], env);
    const metrics = Object.fromEntries(
      got.data.metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]),
    );
    expect(metrics).toEqual({ acc: 0.9, bad: '-Infinity', delta: -0.25 });
    expect(got.data.params).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(got.data.tags).toContainEqual({ key: 'phase', value: 'eval' });

    const ended = await runJson(['runs', 'end', runId, '--status', 'FAILED'], env);
    expect(ended.status).toBe('FAILED');

    const list = await runJson(['runs', 'list', '--experiment', 'cli-runs'], env);
    expect(list.runs.map((r: { info: { runId: string } }) => r.info.runId)).toEqual([runId]);
    const search = await runJson(
      ['runs', 'search', '--experiment', 'cli-runs', '--filter', 'metrics.acc > 0.8'],
      env,
    );
    expect(search.runs).toHaveLength(1);
    expect(search.runs[0].data.metrics).not.toEqual([]);
    const infoOnly = await runJson(
      [
        'runs',
        'search',
        '--experiment',
        'cli-runs',
        '--filter',
        'metrics.acc > 0.8',
        '--info-only',
      ],
      env,
    );
    expect(infoOnly.runs.map((r: { info: { runId: string } }) => r.info.runId)).toEqual([runId]);
    expect(infoOnly.runs[0].data).toEqual({ metrics: [], params: [], tags: [] });
    const none = await runJson(
      ['runs', 'search', '--experiment', 'cli-runs', '--filter', 'metrics.acc > 0.95'],
      env,
    );
    expect(none.runs).toHaveLength(0);
    const human = await runCli(['runs', 'list', '--experiment', 'cli-runs'], env);
    expect(human.stdout).toContain(runId);
    expect(human.stdout).toContain('FAILED');

    expect((await runCli(['runs', 'delete', runId], env)).code).toBe(0);
    expect((await runJson(['runs', 'get', runId], env)).info.lifecycleStage).toBe('deleted');
    expect((await runCli(['runs', 'restore', runId], env)).code).toBe(0);
  });
});

describe('slipway artifacts', () => {
  it('uploads a directory with progress, lists it and downloads it back', async () => {
    const run = await runJson(['runs', 'create'], env);
    const runId: string = run.info.runId;
    const src = join(dir, 'src-artifacts');
    await mkdir(join(src, 'nested'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'alpha');
    await writeFile(join(src, 'nested', 'b.bin'), Buffer.from([0, 1, 2, 255]));

    const up = await runCli(
      ['artifacts', 'upload', '--run', runId, src, '--artifact-path', 'out'],
      env,
    );
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('[1/2] uploaded out/a.txt');
    expect(up.stdout).toContain('[2/2] uploaded out/nested/b.bin');

    const list = await runJson(['artifacts', 'list', '--run', runId, 'out', '--recursive'], env);
    expect(list.files).toEqual([
      { path: 'out/a.txt', isDir: false, fileSize: 5 },
      { path: 'out/nested/b.bin', isDir: false, fileSize: 4 },
    ]);

    const dest = join(dir, 'dest');
    const down = await runJson(
      ['artifacts', 'download', '--run', runId, 'out', '--dest', dest],
      env,
    );
    expect(down.files).toHaveLength(2);
    expect(await readFile(join(dest, 'a.txt'), 'utf8')).toBe('alpha');
    expect([...(await readFile(join(dest, 'nested', 'b.bin')))]).toEqual([0, 1, 2, 255]);

    const single = join(dir, 'single');
    await runCli(['artifacts', 'download', '--run', runId, 'out/a.txt', '--dest', single], env);
    expect(await readFile(join(single, 'a.txt'), 'utf8')).toBe('alpha');

    const quiet = await runCli(
      ['artifacts', 'upload', '--run', runId, join(src, 'a.txt'), '--json'],
      env,
    );
    expect(JSON.parse(quiet.stdout)).toEqual({ runId, files: [{ path: 'a.txt', bytes: 5 }] });

    const missing = await runCli(['artifacts', 'upload', '--run', runId, join(dir, 'absent')], env);
    expect(missing.code).toBe(1);
    expectOneErrorLine(missing.stderr);
    expect(missing.stderr).toContain('no such file or directory');
  });
});

describe('slipway models', () => {
  it('registers versions from a run and from a local directory, with aliases and stages', async () => {
    const run = await runJson(['runs', 'create'], env);
    const runId: string = run.info.runId;
    expect(
      (await runCli(['models', 'create', 'cli-model', '--description', 'demo'], env)).code,
    ).toBe(0);

    const fromRun = await runJson(
      ['models', 'create-version', 'cli-model', '--source', `runs:/${runId}/model`],
      env,
    );
    expect(fromRun).toMatchObject({ version: '1', runId });

    const modelDir = join(dir, 'model-dir');
    await mkdir(join(modelDir, 'extra'), { recursive: true });
    await writeFile(join(modelDir, 'model.onnx'), 'onnx');
    await writeFile(join(modelDir, 'extra', 'vocab.txt'), 'a\nb\n');
    const upload = await runCli(
      ['models', 'create-version', 'cli-model', '--source', modelDir],
      env,
    );
    expect(upload.code).toBe(0);
    expect(upload.stdout).toContain('[1/2] uploaded extra/vocab.txt');
    expect(upload.stdout).toContain('[2/2] uploaded model.onnx');
    expect(upload.stdout).toContain('Created version 2');

    const v2 = await runJson(['models', 'get-version', 'cli-model', '2'], env);
    expect(v2.source).toMatch(/^mlflow-artifacts:\/models\/cli-model\//u);
    const storedAt = (v2.source as string).slice('mlflow-artifacts:/'.length);
    const stream = await server.platform.artifacts.getChecked(`${storedAt}/extra/vocab.txt`);
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('a\nb\n');

    expect((await runCli(['models', 'set-alias', 'cli-model', 'champion', '2'], env)).code).toBe(0);
    const resolved = await runJson(['models', 'resolve', 'models:/cli-model@champion'], env);
    expect(resolved.version).toBe('2');
    const latest = await runCli(['models', 'resolve', 'models:/cli-model/latest'], env);
    expect(latest.stdout).toContain('cli-model version 2');

    const moved = await runJson(['models', 'transition', 'cli-model', '1', 'Staging'], env);
    expect(moved.currentStage).toBe('Staging');
    const versions = await runJson(['models', 'versions', 'cli-model'], env);
    expect(versions.modelVersions.map((v: { version: string }) => v.version)).toEqual(['2', '1']);
    const model = await runJson(['models', 'get', 'cli-model'], env);
    expect(model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    const list = await runJson(['models', 'list', '--filter', "name = 'cli-model'"], env);
    expect(list.registeredModels).toHaveLength(1);

    expect((await runCli(['models', 'delete-alias', 'cli-model', 'champion'], env)).code).toBe(0);
    const gone = await runCli(['models', 'resolve', 'models:/cli-model@champion'], env);
    expect(gone.code).toBe(1);
    expectOneErrorLine(gone.stderr);

    const history = await runJson(['models', 'history', 'cli-model'], env);
    expect(history.events.map((e: { action: string }) => e.action)).toEqual([
      'model_created',
      'version_created',
      'version_created',
      'alias_set',
      'stage_transitioned',
      'alias_deleted',
    ]);
    const humanHistory = await runCli(['models', 'history', 'cli-model'], env);
    expect(humanHistory.stdout).toContain('None -> Staging');

    expect((await runCli(['models', 'delete', 'cli-model'], env)).code).toBe(0);
    expect((await runCli(['models', 'get', 'cli-model'], env)).code).toBe(1);
  });
});

describe('slipway db upgrade', () => {
  it('applies migrations once, then reports the database up to date', async () => {
    const uri = `sqlite:${join(dir, 'upgrade.db')}`;
    const first = await runJson(['db', 'upgrade', '--backend-store-uri', uri], env);
    expect(first.applied.length).toBeGreaterThanOrEqual(2);
    expect(first.applied[0]).toMatch(/^0001/u);
    const second = await runCli(['db', 'upgrade', '--backend-store-uri', uri], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('is up to date');
    const bad = await runCli(['db', 'upgrade', '--backend-store-uri', 'mysql://x'], env);
    expect(bad.code).not.toBe(0);
    expectOneErrorLine(bad.stderr);
  });
});
