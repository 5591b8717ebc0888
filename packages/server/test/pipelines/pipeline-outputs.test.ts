import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputsDigest } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import { failsWith, planned } from './pipeline-fixtures.js';
import { openPipelineServer } from './pipeline-test-server.js';
import type { PipelineTestServer } from './pipeline-test-server.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const MiB = 1024 * 1024;

let server: PipelineTestServer;
let p: SlipwayClient['pipelines'];

beforeAll(async () => {
  server = await openPipelineServer([]);
  p = server.admin.pipelines;
});
afterAll(async () => server.close());

/** A run of one pipeline whose steps start running under worker `w`. */
async function running(pipeline: string, keys: string[], cacheKey?: string) {
  const run = await p.createRun({ pipeline, steps: keys.map((k) => planned(k)) });
  for (const key of keys) {
    await p.startStep(run.runId, key, { worker: 'w', ...(cacheKey ? { cacheKey } : {}) });
  }
  return run.runId;
}

async function blobNames(): Promise<string[]> {
  return readdir(join(server.dir, 'artifacts', 'pipelines', 'blobs')).catch(() => []);
}

describe('step outputs', () => {
  it('stores uploads once under their sha256, checks a given digest while streaming, and serves them back', async () => {
    const runId = await running('outputs', ['train']);
    const model = new TextEncoder().encode('weights: 1 2 3\n');
    const fromBytes = await p.uploadOutput(runId, 'train', 'model/weights.txt', model);
    expect(fromBytes).toEqual({
      path: 'model/weights.txt',
      digest: sha256(model),
      size: model.length,
    });

    // A local file: the SDK hashes it first, so the server checks it as it streams to its blob.
    const local = join(server.dir, 'metrics.json');
    await writeFile(local, '{"acc":0.9}');
    const fromFile = await p.uploadOutput(runId, 'train', 'metrics.json', local);
    expect(fromFile).toEqual({ path: 'metrics.json', digest: sha256('{"acc":0.9}'), size: 11 });

    const stream = new Blob(['weights: 1 2 3\n']).stream();
    const again = await p.uploadOutput(runId, 'train', 'copy.txt', stream);
    expect(again.digest).toBe(sha256(model));
    expect((await blobNames()).sort()).toEqual([sha256(model), sha256('{"acc":0.9}')].sort());

    const lie = 'f'.repeat(64);
    const wrong = await failsWith(
      p.uploadOutput(runId, 'train', 'x.txt', new Blob(['other']), { digest: lie }),
      'INVALID_ARGUMENT',
    );
    expect(wrong).toMatch(/nothing was stored/u);
    expect((await blobNames()).sort()).toEqual([sha256(model), sha256('{"acc":0.9}')].sort());
    await failsWith(p.uploadOutput(runId, 'train', 'a\\b.txt', model), 'INVALID_ARGUMENT');

    const outputs = [fromFile, fromBytes, again];
    const missing = { path: 'absent.bin', digest: 'e'.repeat(64), size: 1 };
    expect(
      await failsWith(
        p.finishStep(runId, 'train', {
          worker: 'w',
          status: 'succeeded',
          outputs: [...outputs, missing],
        }),
        'FAILED_PRECONDITION',
      ),
    ).toMatch(/'absent.bin' .* was not uploaded/u);
    await failsWith(
      p.finishStep(runId, 'train', {
        worker: 'w',
        status: 'succeeded',
        outputs: [{ ...fromBytes, size: 999 }],
      }),
      'INVALID_ARGUMENT',
    );
    await failsWith(
      p.finishStep(runId, 'train', {
        worker: 'w',
        status: 'succeeded',
        outputs: [fromBytes, fromBytes],
      }),
      'INVALID_ARGUMENT',
    );
    const { step } = await p.finishStep(runId, 'train', {
      worker: 'w',
      status: 'succeeded',
      outputs,
    });
    expect(step.outputs.map((o) => o.path)).toEqual([
      'copy.txt',
      'metrics.json',
      'model/weights.txt',
    ]);
    expect(step.outputsDigest).toBe(outputsDigest(outputs));

    const bytes = await p.downloadOutputBytes(runId, 'train', 'model/weights.txt');
    expect(Buffer.from(bytes).equals(Buffer.from(model))).toBe(true);
    const streamed = await new Response(
      await p.downloadOutput(runId, 'train', 'metrics.json'),
    ).text();
    expect(streamed).toBe('{"acc":0.9}');
    await failsWith(p.downloadOutputBytes(runId, 'train', 'absent.bin'), 'NOT_FOUND');
    await failsWith(p.uploadOutput(runId, 'train', 'late.txt', model), 'CONFLICT');
  });
});

describe('the step cache', () => {
  it('finds the newest succeeded step by cache key within a TTL, and a cached step copies its outputs', async () => {
    const key = sha256('cache-key-parts');
    expect(await p.findCached(key)).toBeUndefined();
    const first = await running('cached', ['train'], key);
    const output = await p.uploadOutput(first, 'train', 'model.bin', new Blob(['m1']));
    await p.finishStep(first, 'train', { worker: 'w', status: 'succeeded', outputs: [output] });

    const hit = await p.findCached(key);
    expect(hit).toMatchObject({ runId: first, stepKey: 'train', outputs: [output] });
    expect(hit?.outputsDigest).toBe(outputsDigest([output]));
    server.advance(120_000);
    expect(await p.findCached(key, 60)).toBeUndefined();
    expect((await p.findCached(key, 3600))?.runId).toBe(first);

    const second = await p.createRun({
      pipeline: 'cached',
      steps: [planned('train'), planned('report', ['train'])],
    });
    // A step that needs an unfinished step cannot be cached yet.
    await failsWith(
      p.finishStep(second.runId, 'report', {
        status: 'cached',
        cachedFrom: { runId: first, stepKey: 'train' },
      }),
      'FAILED_PRECONDITION',
    );
    await failsWith(p.finishStep(second.runId, 'train', { status: 'cached' }), 'INVALID_ARGUMENT');
    await failsWith(
      p.finishStep(second.runId, 'train', {
        status: 'cached',
        cacheKey: 'another-key',
        cachedFrom: { runId: first, stepKey: 'train' },
      }),
      'INVALID_ARGUMENT',
    );
    const cached = await p.finishStep(second.runId, 'train', {
      status: 'cached',
      cacheKey: key,
      cachedFrom: { runId: first, stepKey: 'train' },
    });
    expect(cached.step).toMatchObject({
      status: 'cached',
      cacheKey: key,
      cachedFrom: { runId: first, stepKey: 'train' },
      outputs: [output],
      outputsDigest: hit?.outputsDigest,
      attempt: 0,
      durationMs: 0,
    });
    const text = await new Response(
      await p.downloadOutput(second.runId, 'train', 'model.bin'),
    ).text();
    expect(text).toBe('m1');
    // A cached step is no cache entry of its own: the original stays the hit.
    expect((await p.findCached(key))?.runId).toBe(first);

    const failed = await running('cached', ['bad']);
    await p.finishStep(failed, 'bad', { worker: 'w', status: 'failed', error: 'boom' });
    const reuseFailed = await failsWith(
      p.finishStep(second.runId, 'report', {
        status: 'cached',
        cachedFrom: { runId: failed, stepKey: 'bad' },
      }),
      'FAILED_PRECONDITION',
    );
    expect(reuseFailed).toMatch(/is failed; only a succeeded step's outputs can be reused/u);
  });
});

describe('step logs', () => {
  it('appends and reads entries in order, after a sequence number', async () => {
    const runId = await running('logs', ['s']);
    expect(
      await p.appendLogs(runId, 's', [
        { stream: 'stdout', text: 'line 1\n' },
        { stream: 'stderr', text: 'warn\n' },
      ]),
    ).toEqual({ appended: 2, truncated: false });
    await p.appendLogs(runId, 's', [{ stream: 'system', text: 'attempt 2\n' }]);
    const all = await p.readLogs(runId, 's');
    expect(all.entries.map((e) => [e.seq, e.stream, e.text])).toEqual([
      [1, 'stdout', 'line 1\n'],
      [2, 'stderr', 'warn\n'],
      [3, 'system', 'attempt 2\n'],
    ]);
    expect(all).toMatchObject({ nextSeq: 3, truncated: false });
    const page = await p.readLogs(runId, 's', { after: 1, limit: 1 });
    expect(page.entries.map((e) => e.seq)).toEqual([2]);
    expect(page.nextSeq).toBe(2);
    expect(await p.readLogs(runId, 's', { after: 3 })).toEqual({
      entries: [],
      nextSeq: 3,
      truncated: false,
    });
    await failsWith(p.readLogs(runId, 'absent'), 'NOT_FOUND');
  });

  it('refuses over 1 MiB per call and keeps 16 MiB per step, then one truncation marker', async () => {
    const runId = await running('big-logs', ['s']);
    await failsWith(
      p.appendLogs(runId, 's', [{ stream: 'stdout', text: 'x'.repeat(MiB + 1) }]),
      'PAYLOAD_TOO_LARGE',
    );
    const chunk = 'y'.repeat(MiB);
    for (let i = 0; i < 16; i++) {
      expect(await p.appendLogs(runId, 's', [{ stream: 'stdout', text: chunk }])).toEqual({
        appended: 1,
        truncated: false,
      });
    }
    expect(await p.appendLogs(runId, 's', [{ stream: 'stdout', text: 'one more' }])).toEqual({
      appended: 0,
      truncated: true,
    });
    expect(await p.appendLogs(runId, 's', [{ stream: 'stdout', text: 'dropped' }])).toEqual({
      appended: 0,
      truncated: true,
    });
    const tail = await p.readLogs(runId, 's', { after: 16 });
    expect(tail.truncated).toBe(true);
    expect(tail.entries).toHaveLength(1);
    expect(tail.entries[0]).toMatchObject({ seq: 17, stream: 'system' });
    expect(tail.entries[0]?.text).toMatch(/log truncated/u);
  });
});
