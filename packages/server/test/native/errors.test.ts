import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { call, expectErrorShape, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

const BODY_LIMIT = 4096;
let h: NativeHarness;
beforeAll(async () => {
  h = await openNativeHarness({ bodyLimitBytes: BODY_LIMIT });
});
afterAll(async () => h.close());

describe('native error shape', () => {
  it('answers malformed JSON with 400 INVALID_ARGUMENT', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.statusCode, res.json());
    expect(res.json().error).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'Malformed JSON in the request body.',
      details: {},
    });
  });

  it('answers an empty JSON body and a missing body with 400', async () => {
    const empty = await h.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('INVALID_ARGUMENT');
    const missing = await h.app.inject({ method: 'POST', url: '/api/v1/experiments' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('JSON body');
  });

  it('answers a non-JSON content type with 400', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.statusCode, res.json());
  });

  it('answers bodies over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/experiments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.json().error.message).toContain(String(BODY_LIMIT));
  });

  it('answers unknown routes and methods with 404 in the same shape', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['PUT', '/api/v1/models'],
      ['GET', '/api/v1'],
    ] as const) {
      const res = await h.app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expectErrorShape(res.statusCode, res.json());
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect(res.json().error.message).toContain(url);
    }
  });

  it('turns unexpected throws into 500 INTERNAL without leaking the cause', async () => {
    const service = h.platform.experiments;
    const original = service.get.bind(service);
    service.get = async () => {
      throw new Error('secret database detail');
    };
    try {
      const res = await call(h, r.getExperiment, { params: { experimentId: '0' } });
      expect(res.status).toBe(500);
      expect(res.json.error.code).toBe('INTERNAL');
      const text = res.raw.toString('utf8');
      expect(text).not.toContain('secret');
      expect(text).not.toContain('at ');
    } finally {
      service.get = original;
    }
    const ok = await call(h, r.getExperiment, { params: { experimentId: '0' } });
    expect(ok.json.experiment.name).toBe('Default');
  });

  it('reports query validation problems by parameter name', async () => {
    const res = await call(h, r.searchExperiments, { query: { viewType: 'SOME' } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("'viewType'");
    expect(res.json.error.details.issues[0].path).toBe('viewType');
  });
});
