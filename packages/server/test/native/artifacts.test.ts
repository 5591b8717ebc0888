import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { call, openNativeHarness, urlFor } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

const LIMIT = 64 * 1024;
let h: NativeHarness;
let runId: string;
beforeAll(async () => {
  h = await openNativeHarness({ artifactLimitBytes: LIMIT });
  const run = await call(h, r.createRun, { body: {} });
  runId = run.json.run.info.runId;
});
afterAll(async () => h.close());

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('run artifacts', () => {
  it('stores raw bytes verbatim and lists directories', async () => {
    const up = await call(h, r.uploadRunArtifact, {
      params: { runId, path: 'model/weights.bin' },
      payload: EVERY_BYTE,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status).toBe(204);
    // A JSON file sent as application/json must be stored as sent, not parsed.
    const jsonText = '{ "a": [1, 2,\n 3] }';
    const upJson = await call(h, r.uploadRunArtifact, {
      params: { runId, path: 'conf/params.json' },
      payload: jsonText,
      headers: { 'content-type': 'application/json' },
    });
    expect(upJson.status).toBe(204);
    const noType = await call(h, r.uploadRunArtifact, {
      params: { runId, path: 'notes/read me.txt' },
      payload: 'hello',
    });
    expect(noType.status).toBe(204);

    const bin = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'model/weights.bin' },
    });
    expect(bin.status).toBe(200);
    expect(bin.headers['content-type']).toBe('application/octet-stream');
    expect(Buffer.compare(bin.raw, EVERY_BYTE)).toBe(0);
    const json = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'conf/params.json' },
    });
    expect(json.raw.toString('utf8')).toBe(jsonText);
    const spaced = await call(h, r.downloadRunArtifact, {
      params: { runId, path: 'notes/read me.txt' },
    });
    expect(spaced.raw.toString('utf8')).toBe('hello');

    const root = await call(h, r.listRunArtifacts, { params: { runId } });
    expect(root.json.files).toEqual([
      { path: 'conf', isDir: true },
      { path: 'model', isDir: true },
      { path: 'notes', isDir: true },
    ]);
    const model = await call(h, r.listRunArtifacts, {
      params: { runId },
      query: { path: 'model' },
    });
    expect(model.json.files).toEqual([{ path: 'model/weights.bin', isDir: false, fileSize: 256 }]);
  });

  it('replaces a file uploaded twice', async () => {
    const params = { runId, path: 'twice.txt' };
    await call(h, r.uploadRunArtifact, { params, payload: 'first version' });
    await call(h, r.uploadRunArtifact, { params, payload: 'second' });
    const got = await call(h, r.downloadRunArtifact, { params });
    expect(got.raw.toString('utf8')).toBe('second');
  });

  it('refuses uploads over the limit with 413 and keeps nothing', async () => {
    const params = { runId, path: 'big.bin' };
    const res = await call(h, r.uploadRunArtifact, {
      params,
      payload: Buffer.alloc(LIMIT + 1, 7),
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await call(h, r.downloadRunArtifact, { params })).status).toBe(404);
    const exact = await call(h, r.uploadRunArtifact, { params, payload: Buffer.alloc(LIMIT, 7) });
    expect(exact.status).toBe(204);
  });

  it('counts streamed bodies without a Content-Length against the limit too', async () => {
    const url = `/api/v1/runs/${runId}/artifacts/chunked.bin`;
    const half = Buffer.alloc(LIMIT / 2, 1);
    const res = await h.app.inject({
      method: 'PUT',
      url,
      payload: Readable.from([half, half, Buffer.from('x')]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const ok = await h.app.inject({ method: 'PUT', url, payload: Readable.from([half, half]) });
    expect(ok.statusCode).toBe(204);
    const got = await h.app.inject({ method: 'GET', url });
    expect(got.rawPayload.length).toBe(LIMIT);
  });

  it('stores an empty file', async () => {
    const params = { runId, path: 'empty.txt' };
    expect((await call(h, r.uploadRunArtifact, { params, payload: '' })).status).toBe(204);
    const got = await call(h, r.downloadRunArtifact, { params });
    expect(got.status).toBe(200);
    expect(got.raw.length).toBe(0);
  });

  it('rejects unsafe paths and reports missing files', async () => {
    // Encoded slashes, so no URL normalisation resolves the '..' before the server sees it.
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/runs/${runId}/artifacts/a%2F..%2F..%2Fescape.txt`,
      payload: 'x',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_ARGUMENT');
    expect(res.json().error.message).toContain("'..'");
    const missing = await call(h, r.downloadRunArtifact, { params: { runId, path: 'nope.txt' } });
    expect(missing.status).toBe(404);
    const dir = await call(h, r.downloadRunArtifact, { params: { runId, path: 'model' } });
    expect(dir.status).toBe(404);
    const unknownRun = await call(h, r.listRunArtifacts, { params: { runId: 'feedface' } });
    expect(unknownRun.status).toBe(404);
  });

  it('refuses uploads to a deleted run with 400', async () => {
    const run = await call(h, r.createRun, { body: {} });
    const id = run.json.run.info.runId;
    await call(h, r.deleteRun, { params: { runId: id } });
    const res = await call(h, r.uploadRunArtifact, {
      params: { runId: id, path: 'x.txt' },
      payload: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(
      `The run ${id} must be in the 'active' state. Current state is deleted.`,
    );
  });

  it('builds URLs that the router decodes back to the same path', () => {
    expect(urlFor(r.downloadRunArtifact, { params: { runId: 'r1', path: 'a b/c#d.txt' } })).toBe(
      '/api/v1/runs/r1/artifacts/a%20b/c%23d.txt',
    );
  });
});
