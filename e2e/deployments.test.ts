import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt, runBin, startServerProcess, waitForHealth } from './cli-process.js';
import type { ServerProcess } from './cli-process.js';

const ONNX = join(ROOT, 'packages/server/test/fixtures/models/breast_cancer_logreg.onnx');
const GOLDEN = join(
  ROOT,
  'packages/server/test/fixtures/models/breast_cancer_logreg.expected.json',
);

let dir: string;
let server: ServerProcess;
let env: Record<string, string>;
let golden: { inputs: number[][]; expected: number[][] };

beforeAll(async () => {
  assertBuilt();
  golden = JSON.parse(await readFile(GOLDEN, 'utf8')) as typeof golden;
  dir = await mkdtemp(join(tmpdir(), 'slipway-e2e-deploy-'));
  server = await startServerProcess([
    '--data-dir',
    join(dir, 'data'),
    '--log-level',
    'warn',
    '--worker-pool-size',
    '1',
  ]);
  await waitForHealth(server.url);
  env = { SLIPWAY_URL: server.url };
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

async function infer(name: string, rows: number[][]) {
  const response = await fetch(`${server.url}/v2/models/${name}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [rows.length, 30], data: rows.flat() }],
    }),
  });
  const body = (await response.json()) as { model_version: string; outputs: { data: number[] }[] };
  return { status: response.status, header: response.headers.get('x-slipway-model-version'), body };
}

describe('registering and deploying models with the CLI', () => {
  it('registers an .onnx file and a bare model directory, printing the version', async () => {
    const first = await runBin(
      ['models', 'register', 'fraud', ONNX, '--alias', 'champion', '--json'],
      env,
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      name: 'fraud',
      version: '1',
      aliases: ['champion'],
    });

    const modelDir = join(dir, 'model');
    await mkdir(modelDir, { recursive: true });
    await copyFile(ONNX, join(modelDir, 'scorer.onnx'));
    await writeFile(join(modelDir, 'README.txt'), 'trained on the breast cancer data set\n');
    const second = await runBin(['models', 'register', 'fraud', modelDir], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('2\n');
    expect(second.stderr).toContain('Inferred the signature of scorer.onnx');
    expect(second.stderr).toContain('[3/3] uploaded slipway-model.json');

    const missing = await runBin(['models', 'register', 'fraud', join(dir, 'nope.onnx')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error: Cannot read '.*nope\.onnx': no such file or directory\.\n$/u,
    );
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not a model');
    const wrong = await runBin(['models', 'register', 'fraud', text], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not an .onnx model');
  });

  it('applies a canary from YAML, shows it, promotes, rolls back and deletes it', async () => {
    const spec = join(dir, 'fraud.yaml');
    await writeFile(
      spec,
      [
        'name: fraud',
        'policy:',
        '  type: canary',
        '  stable: models:/fraud@champion',
        '  candidate: models:/fraud/2',
        '  steps: [50, 100]',
        '  interval: 1h',
        '  analysis: { maxErrorRate: 0.01, maxP95LatencyMs: 500 }',
        'batching: { maxBatchSize: 32, maxDelayMs: 2 }',
        'logging: { sampleRate: 1.0 }',
        '',
      ].join('\n'),
    );
    const applied = await runBin(['deployments', 'apply', '-f', spec], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      "Created deployment 'fraud' (revision 1): stable=fraud/1 50%, candidate=fraud/2 50%",
    );
    expect(applied.stdout).toContain('canary progressing: 50% to the candidate (step 1 of 2)');
    const again = await runBin(['deployments', 'apply', '-f', spec, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, changed: false });

    const reply = await infer('fraud', golden.inputs.slice(0, 3));
    expect(reply.status).toBe(200);
    expect(['1', '2']).toContain(reply.header);
    expect(reply.body.model_version).toBe(reply.header);
    reply.body.outputs[0]?.data.forEach((value, row) =>
      expect(Math.abs(value - (golden.expected[row]?.[0] ?? NaN))).toBeLessThan(1e-5),
    );

    const list = await runBin(['deployments', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).deployments.map((d: { name: string }) => d.name)).toEqual([
      'fraud',
    ]);
    const shown = await runBin(['deployments', 'get', 'fraud'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Policy:\s+canary/u);
    expect(shown.stdout).toContain('candidate  fraud  2');

    const promoted = await runBin(['deployments', 'promote', 'fraud'], env);
    expect(promoted.stdout).toContain("Promoted 'fraud': canary promoted: 100% to the candidate");
    for (let i = 0; i < 5; i += 1)
      expect((await infer('fraud', golden.inputs.slice(i, i + 1))).header).toBe('2');
    const rolled = await runBin(['deployments', 'rollback', 'fraud', '--json'], env);
    expect(JSON.parse(rolled.stdout).canary).toMatchObject({ phase: 'rolled-back', weight: 0 });
    for (let i = 0; i < 5; i += 1)
      expect((await infer('fraud', golden.inputs.slice(i, i + 1))).header).toBe('1');

    const events = await runBin(['deployments', 'events', 'fraud', '--json'], env);
    expect(JSON.parse(events.stdout).events.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'promoted',
      'rolled-back',
    ]);

    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'name: fraud\npolicy: { type: canary, stable: models:/fraud/1, candidate: models:/fraud/2, steps: [10, 50], interval: 30s }\n',
    );
    const refused = await runBin(['deployments', 'apply', '-f', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: Invalid deployment spec: policy.steps: must end at 100.\n');

    expect((await runBin(['deployments', 'delete', 'fraud'], env)).stdout).toBe(
      "Deleted deployment 'fraud'\n",
    );
    const gone = await runBin(['deployments', 'get', 'fraud'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe("error: No deployment named 'fraud'.\n");
    // The name now answers as the registered model itself: its latest version.
    const direct = await infer('fraud', golden.inputs.slice(0, 1));
    expect([direct.status, direct.header]).toEqual([200, '2']);
  });
});
