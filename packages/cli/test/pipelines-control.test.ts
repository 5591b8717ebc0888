import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@slipway/cli';
import { SlipwayClient } from '@slipway/sdk';
import { loadServerConfig, startServer } from '@slipway/server';
import type { RunningServer } from '@slipway/server';
import { loadPipelineFile } from '../src/pipelines/load-pipeline-file.js';
import { sdkRecorder } from '../src/pipelines/pipeline-recorder.js';
import { runPipeline } from '../src/pipelines/run-pipeline.js';
import { sdkTrackedRuns } from '../src/pipelines/tracked-runs.js';
import { runCli, runJson } from './cli-harness.js';
import { nodeE, statuses, writeFiles } from './pipelines-fixtures.js';
import type { JsonRun } from './pipelines-fixtures.js';

let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let client: SlipwayClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-cli-pipelines-control-'));
  server = await startServer(
    loadServerConfig({ port: 0, dataDir: join(dir, 'data'), logLevel: 'silent' }, {}),
  );
  env = { SLIPWAY_URL: server.url, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  client = new SlipwayClient({ baseUrl: server.url });
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function pipeline(name: string, yaml: string): Promise<string> {
  await writeFiles(join(dir, name), { 'pipeline.yaml': yaml });
  return join(dir, name, 'pipeline.yaml');
}

async function run(file: string, ...args: string[]) {
  const result = await runCli(['pipelines', 'run', file, '--json', ...args], env);
  return { ...result, json: JSON.parse(result.stdout) as JsonRun };
}

/** Starts `slipway pipelines run` without waiting; `stderr()` is what it has written so far. */
function startCli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const done = main(['node', 'slipway', 'pipelines', 'run', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  }).then((code) => ({ code, stdout, stderr }));
  return { done, stderr: () => stderr };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const SPLIT = nodeE(
  'require("fs").writeFileSync(process.env.SLIPWAY_OUTPUTS + "/part.txt", process.env.SLIPWAY_ITEM.toUpperCase())',
);
const MERGE = nodeE(
  'const fs = require("fs"); const dir = process.env.SLIPWAY_INPUTS; const parts = fs.readdirSync(dir).sort().map((d) => fs.readFileSync(dir + "/" + d + "/part.txt", "utf8")); fs.writeFileSync(process.env.SLIPWAY_OUTPUTS + "/merged.txt", parts.join(",")); console.log(parts.join(","))',
);

describe('slipway pipelines run: control flow', () => {
  it('fans out over a list and fans the results in; a new item runs only its instance', async () => {
    const file = await pipeline(
      'shards',
      `name: shards
params:
  shards: [a, b, c]
steps:
  - name: split
    foreach: \${params.shards}
    run: ${JSON.stringify(`echo "item \${item}" && ${SPLIT}`)}
  - name: merge
    needs: [split]
    run: ${JSON.stringify(MERGE)}
`,
    );
    const first = await run(file);
    expect(first.code, first.stderr).toBe(0);
    expect(statuses(first.json)).toEqual({
      'split[0]': 'succeeded',
      'split[1]': 'succeeded',
      'split[2]': 'succeeded',
      merge: 'succeeded',
    });
    expect(first.stderr).toContain('[split[1]] item b');
    expect(first.stderr).toContain('[merge] A,B,C');

    const more = await run(file, '--param', 'shards=a,b,c,d');
    expect(statuses(more.json)).toEqual({
      'split[0]': 'cached',
      'split[1]': 'cached',
      'split[2]': 'cached',
      'split[3]': 'succeeded',
      merge: 'succeeded',
    });
    expect(more.stderr).toContain('[merge] A,B,C,D');
  });

  it('retries a failing step with backoff, each attempt with its own tracked run', async () => {
    const file = await pipeline(
      'flaky',
      `name: flaky
steps:
  - name: flaky
    run: ${JSON.stringify(nodeE('const fs = require("fs"); if (!fs.existsSync("marker")) { fs.writeFileSync("marker", ""); console.error("first attempt fails"); process.exit(3); } console.log("second attempt")'))}
    retries: 2
    retryDelay: 10ms
`,
    );
    const result = await run(file);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses(result.json)).toEqual({ flaky: 'succeeded' });
    expect(result.stderr).toContain('↻ flaky attempt 1 failed (exit 3); retrying in 0.0s');
    expect(result.stderr).toContain('▶ flaky (attempt 2)');
    const { run: shown } = await runJson(['pipelines', 'get', result.json.runId], env);
    expect(shown.steps[0].attempt).toBe(2);
    const experiment = await client.experiments.getByName('pipeline/flaky');
    const tracked = await client.runs.search({ experimentIds: [experiment.experimentId] });
    expect(tracked.runs.map((r) => r.info.status).sort()).toEqual(['FAILED', 'FINISHED']);
    const logs = await runCli(['pipelines', 'logs', result.json.runId, 'flaky'], env);
    expect(logs.stdout).toContain('first attempt fails');
    expect(logs.stdout).toContain('# attempt failed: exit 3');
    expect(logs.stdout).toContain('second attempt');
  });

  it('fails a run when a step fails or times out, skipping what needs them', async () => {
    const file = await pipeline(
      'broken',
      `name: broken
steps:
  - name: ok
    run: echo fine
  - name: slow
    run: sleep 30
    timeout: 300ms
  - name: after-slow
    needs: [slow]
    run: echo never
  - name: bad
    needs: [ok]
    run: exit 2
  - name: after-bad
    needs: [bad]
    run: echo never
  - name: last
    needs: [after-bad]
    run: echo never
  - name: independent
    needs: [ok]
    run: echo independent
  - name: typo
    run: echo never
    files: [missing.py]
`,
    );
    const result = await run(file);
    expect(result.code).toBe(1);
    expect(result.json.status).toBe('failed');
    expect(statuses(result.json)).toEqual({
      ok: 'succeeded',
      slow: 'failed',
      'after-slow': 'skipped',
      bad: 'failed',
      'after-bad': 'skipped',
      last: 'skipped',
      independent: 'succeeded',
      typo: 'failed',
    });
    expect(result.stderr).toContain('✗ bad exit 2');
    expect(result.stderr).toMatch(/✗ typo Declared file 'missing\.py' is not a file in /u);
    expect(result.stderr).toContain('✗ slow timed out after 300ms');
    expect(result.stderr).toContain('- after-bad skipped (needs bad, which failed)');
    expect(result.stderr).toContain(`error: pipeline run ${result.json.runId} failed`);
    expect(result.stderr).not.toContain('never');
    const { run: shown } = await runJson(['pipelines', 'get', result.json.runId], env);
    const byKey = Object.fromEntries(shown.steps.map((s: { key: string }) => [s.key, s]));
    expect(byKey.bad).toMatchObject({ exitCode: 2, error: 'exit 2' });
    expect(byKey.slow).toMatchObject({ error: 'timed out after 300ms' });
    expect(shown.status).toBe('failed');
  });

  it('resumes a failed run: only what failed or never ran runs again', async () => {
    const file = await pipeline(
      'resumable',
      `name: resumable
params:
  n: 7
steps:
  - name: prepare
    run: echo ran >> prepare-count && echo \${params.n} > $SLIPWAY_OUTPUTS/n.txt
    cache: false
  - name: flaky
    needs: [prepare]
    run: test -f ok && cp $SLIPWAY_INPUTS/prepare/n.txt $SLIPWAY_OUTPUTS/
    cache: false
  - name: after
    needs: [flaky]
    run: cat $SLIPWAY_INPUTS/flaky/n.txt
`,
    );
    const failed = await run(file, '--param', 'n=8');
    expect(statuses(failed.json)).toEqual({
      prepare: 'succeeded',
      flaky: 'failed',
      after: 'skipped',
    });
    await writeFile(join(dir, 'resumable', 'ok'), '');
    const resumed = await run(file, '--resume', failed.json.runId);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(statuses(resumed.json)).toEqual({
      prepare: 'cached',
      flaky: 'succeeded',
      after: 'succeeded',
    });
    // The resumed run keeps n=8 and reads prepare's outputs from the first run.
    expect(resumed.stderr).toContain('[after] 8');
    expect(await readFile(join(dir, 'resumable', 'prepare-count'), 'utf8')).toBe('ran\n');
    const { run: shown } = await runJson(['pipelines', 'get', resumed.json.runId], env);
    expect(shown.resumeOf).toBe(failed.json.runId);
    expect(shown.trigger).toEqual({ type: 'resume', detail: failed.json.runId });
    expect(shown.params).toEqual({ n: 8 });
    expect(shown.steps[0].cachedFrom).toEqual({ runId: failed.json.runId, stepKey: 'prepare' });

    // Resuming the resumed run reuses everything, pointing at where the outputs were made.
    const again = await run(file, '--resume', resumed.json.runId);
    expect(statuses(again.json)).toEqual({ prepare: 'cached', flaky: 'cached', after: 'cached' });
    const { run: last } = await runJson(['pipelines', 'get', again.json.runId], env);
    expect(last.steps[0].cachedFrom).toEqual({ runId: failed.json.runId, stepKey: 'prepare' });

    const other = await pipeline('other', 'name: other\nsteps:\n  - name: a\n    run: "true"\n');
    const wrong = await runCli(['pipelines', 'run', other, '--resume', failed.json.runId], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("is a run of pipeline 'resumable', not 'other'");
  });

  it('follows a running step’s log until it ends', async () => {
    const file = await pipeline(
      'follow',
      `name: follow
steps:
  - name: talk
    run: echo one; sleep 0.3; echo two; sleep 0.3; echo three
    cache: false
`,
    );
    const cli = startCli([file]);
    await until(() => /run (\S+) \(/u.test(cli.stderr()));
    const runId = /run (\S+) \(/u.exec(cli.stderr())![1]!;
    const followed = await runCli(['pipelines', 'logs', runId, 'talk', '--follow'], env);
    expect(followed.stdout).toBe('one\ntwo\nthree\n');
    expect((await cli.done).code).toBe(0);
  });
});

describe('slipway pipelines run: parallelism and pipeline modules', () => {
  // "together": each step leaves a marker and waits (up to 10 s) for the other's, so both must
  // run at once. "alone": a step fails if another one is running 300 ms after it started.
  const STEP = (name: string, mode: 'together' | 'alone') =>
    nodeE(
      mode === 'together'
        ? `const fs = require("fs"); fs.writeFileSync("${name}.started", ""); const until = Date.now() + 10000; const check = () => { if (fs.readdirSync(".").some((f) => f.endsWith(".started") && f !== "${name}.started")) process.exit(0); if (Date.now() > until) process.exit(1); setTimeout(check, 20); }; check();`
        : `const fs = require("fs"); fs.writeFileSync("${name}.running", ""); setTimeout(() => { const others = fs.readdirSync(".").filter((f) => f.endsWith(".running") && f !== "${name}.running"); fs.rmSync("${name}.running"); process.exit(others.length > 0 ? 1 : 0); }, 300);`,
    );
  const yaml = (mode: 'together' | 'alone') => `name: parallel-${mode}
steps:
  - name: a
    run: ${JSON.stringify(STEP('a', mode))}
    cache: false
  - name: b
    run: ${JSON.stringify(STEP('b', mode))}
    cache: false
`;

  it('runs independent steps at once, up to --parallel', async () => {
    const together = await pipeline('parallel-together', yaml('together'));
    const both = await run(together, '--parallel', '2');
    expect(both.code, both.stderr).toBe(0);
    expect(statuses(both.json)).toEqual({ a: 'succeeded', b: 'succeeded' });
    const alone = await pipeline('parallel-alone', yaml('alone'));
    const one = await runCli(['pipelines', 'run', alone, '--parallel', '1'], env);
    expect(one.code, one.stderr).toBe(0);
    // cache: false runs the steps again; people get a summary table on stdout.
    const again = await runCli(['pipelines', 'run', alone, '--parallel', '1'], env);
    expect(again.stdout).toMatch(
      /^Run \S+ succeeded\nSTEP\s+STATUS\s+TOOK\s+CACHE KEY\na\s+succeeded\s/u,
    );
    const zero = await runCli(['pipelines', 'run', alone, '--parallel', '0'], env);
    expect(zero.code).toBe(2);
  });

  it('runs a pipeline defined in TypeScript with definePipeline', async () => {
    const file = fileURLToPath(new URL('./fixtures/typed-pipeline.ts', import.meta.url));
    const result = await run(file, '--param', 'suffix=?');
    expect(result.code, result.stderr).toBe(0);
    expect(statuses(result.json)).toEqual({
      'shout[0]': 'succeeded',
      'shout[1]': 'succeeded',
      join: 'succeeded',
    });
    expect(result.stderr).toContain('[join] alpha?');
    expect(result.stderr).toContain('[join] beta?');
  });

  it('refuses a module without a default export, or with an invalid pipeline', async () => {
    await writeFiles(join(dir, 'modules'), {
      'none.mjs': 'export const pipeline = { name: "x" };\n',
      'invalid.mjs': 'export default { name: "x", steps: [] };\n',
    });
    const none = await runCli(['pipelines', 'run', join(dir, 'modules', 'none.mjs')], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('must export its pipeline as the default export');
    const invalid = await runCli(['pipelines', 'run', join(dir, 'modules', 'invalid.mjs')], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid.mjs: ');
  });
});

describe('slipway pipelines run: cancellation', () => {
  const LONG = `name: long
steps:
  - name: slow
    run: echo started; sleep 30
    cache: false
  - name: next
    needs: [slow]
    run: echo never
`;

  it('cancels the run on SIGINT: the running step stops, the rest never starts', async () => {
    const file = await pipeline('long', LONG);
    const cli = startCli([file, '--json']);
    await until(() => cli.stderr().includes('[slow] started'));
    process.emit('SIGINT', 'SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as JsonRun;
    expect(json.status).toBe('cancelled');
    expect(statuses(json)).toEqual({ slow: 'cancelled', next: 'cancelled' });
    expect(result.stderr).toContain('SIGINT: cancelling the run');
    expect(result.stderr).toContain('✗ slow cancelled');
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('stops when the run is cancelled through the API, seen on a heartbeat', async () => {
    const file = await pipeline('long-api', LONG.replace('name: long', 'name: long-api'));
    const loaded = await loadPipelineFile(file, {});
    let runId: string | undefined;
    let started = false;
    const running = runPipeline({
      plan: loaded.plan,
      spec: loaded.spec,
      pipelineDir: loaded.dir,
      recorder: sdkRecorder(client),
      trackedRuns: (id) => sdkTrackedRuns(client, loaded.plan.name, id),
      serverUrl: server.url,
      baseEnv: env,
      heartbeatMs: 100,
      events: {
        runCreated: (run) => (runId = run.runId),
        stepStarted: () => (started = true),
      },
    });
    await until(() => started);
    const cancelled = await runCli(['pipelines', 'cancel', runId!], env);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`Cancel requested for run ${runId}`);
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    const slow = result.run.steps[0]!;
    expect((await client.runs.get(slow.trackedRunId!)).info.status).toBe('KILLED');
    expect(existsSync(join(dir, 'long-api', 'never'))).toBe(false);
  });
});
