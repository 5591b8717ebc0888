import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStream } from '../../src/serving/streaming/run-stream.js';
import { openStreamSink, openStreamSource } from '../../src/serving/streaming/stream-endpoints.js';
import type { InferenceTarget } from '../../src/serving/protocol/inference-target.js';
import {
  expectGoldenReply,
  failingTarget,
  loadStreamModel,
  recording,
  requestFor,
  waitFor,
} from './support/stream-fixtures.js';
import type { StreamModel } from './support/stream-fixtures.js';

const REDIS = 'redis://127.0.0.1:6379';
let model: StreamModel;
let redis: Redis;
const keys: string[] = [];

beforeAll(async () => {
  model = await loadStreamModel();
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
});
afterEach(async () => {
  const used = keys.splice(0);
  if (used.length > 0) await redis.del(...used);
});
afterAll(async () => {
  redis?.disconnect();
  await model?.close();
});

function streamKeys(): { requests: string; replies: string } {
  const base = `slipway:test:${randomUUID().slice(0, 8)}`;
  const names = { requests: `${base}:requests`, replies: `${base}:replies` };
  keys.push(names.requests, names.replies);
  return names;
}

async function add(key: string, bodies: (string | Record<string, unknown>)[]): Promise<void> {
  for (const body of bodies) {
    await redis.xadd(key, '*', 'data', typeof body === 'string' ? body : JSON.stringify(body));
  }
}

async function replies(key: string): Promise<Record<string, unknown>[]> {
  const entries = await redis.xrange(key, '-', '+');
  return entries.map(([, fields]) => {
    const data = fields[fields.indexOf('data') + 1] as string;
    const reply = JSON.parse(data) as Record<string, unknown>;
    // The id field beside the reply is the request id too (a consumer can filter without parsing).
    expect(fields[fields.indexOf('id') + 1]).toBe(reply.id === null ? '' : reply.id);
    return reply;
  });
}

async function pendingCount(key: string, group: string): Promise<number> {
  const summary = (await redis.xpending(key, group)) as [number, ...unknown[]];
  return Number(summary[0]);
}

describe('Redis Streams streaming', () => {
  it('answers every request on the sink with its id and scikit-learn outputs', async () => {
    const { requests, replies: out } = streamKeys();
    await add(
      requests,
      Array.from({ length: 20 }, (_v, i) => requestFor(model.golden, i)),
    );
    const runner = runStream({
      source: await openStreamSource(`${REDIS}/${requests}?group=g1`),
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: model.target,
      concurrency: 4,
    });
    await waitFor(async () => (await redis.xlen(out)) >= 20);
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 20, answered: 20, errorReplies: 0, inFlight: 0 });
    const got = await replies(out);
    expect(got.map((reply) => reply.id).sort()).toEqual(
      Array.from({ length: 20 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of got) expectGoldenReply(model.golden, reply);
    expect(await pendingCount(requests, 'g1')).toBe(0);
  });

  it('has a second consumer claim the requests of a consumer killed mid-way', async () => {
    const { requests, replies: out } = streamKeys();
    const url = `${REDIS}/${requests}?group=shared&claimIdleMs=300&claimIntervalMs=100`;
    await add(
      requests,
      Array.from({ length: 10 }, (_v, i) => requestFor(model.golden, i)),
    );
    const first = recording(await openStreamSource(`${url}&consumer=doomed&batch=4`));
    const doomed = runStream({
      source: first.source,
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: model.stuckTarget,
      concurrency: 4,
    });
    await waitFor(() => first.deliveries.length >= 4);
    await doomed.abort();
    const taken = first.deliveries.map((message) => message.id);
    const held = (await redis.xpending(requests, 'shared', '-', '+', 100, 'doomed')) as unknown[][];
    expect(held.map((entry) => entry[0]).sort()).toEqual([...taken].sort());

    const second = recording(await openStreamSource(`${url}&consumer=survivor`));
    const runner = runStream({
      source: second.source,
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: model.target,
      concurrency: 4,
    });
    await waitFor(async () => (await redis.xlen(out)) >= 10);
    await runner.stop();
    const got = await replies(out);
    expect(got.map((reply) => reply.id).sort()).toEqual(
      Array.from({ length: 10 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of got) expectGoldenReply(model.golden, reply);
    const reclaimed = second.deliveries.filter((message) => taken.includes(message.id));
    expect(reclaimed.map((message) => message.id).sort()).toEqual([...taken].sort());
    expect(reclaimed.every((message) => message.deliveryCount >= 2)).toBe(true);
    expect(await pendingCount(requests, 'shared')).toBe(0);
  });

  it('answers malformed requests with an error and acks them for good', async () => {
    const { requests, replies: out } = streamKeys();
    await add(requests, [
      'not json at all',
      { instances: [[1, 2]] },
      { id: 'no-columns', dataframe_records: [{ x: 1 }] },
      { id: 7, inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [1, 2] }] },
      requestFor(model.golden, 0),
    ]);
    await redis.xadd(requests, '*', 'a', '1', 'b', '2');
    const runner = runStream({
      source: await openStreamSource(
        `${REDIS}/${requests}?group=g3&claimIdleMs=200&claimIntervalMs=50`,
      ),
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: model.target,
      concurrency: 2,
    });
    await waitFor(async () => (await redis.xlen(out)) >= 6);
    // Long past the claim idle time: anything left pending would have been delivered again.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 6, answered: 6, errorReplies: 5, retried: 0 });
    const got = await replies(out);
    expect(got).toHaveLength(6);
    const byId = new Map(got.map((reply) => [String(reply.id), reply]));
    expect(got.filter((reply) => reply.id === null)).toHaveLength(3);
    expect(String(byId.get('no-columns')?.error)).toContain("Missing columns 'mean radius'");
    expect(String(byId.get('7')?.error)).toContain("'input'");
    expectGoldenReply(model.golden, byId.get('req-0') as Record<string, unknown>);
    expect(await pendingCount(requests, 'g3')).toBe(0);
  });

  it('finishes requests in flight on a graceful stop', async () => {
    const { requests, replies: out } = streamKeys();
    let started = 0;
    const slow: InferenceTarget = {
      ...model.target,
      ready: true,
      async infer(request) {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return model.target.infer(request);
      },
    };
    await add(
      requests,
      Array.from({ length: 3 }, (_v, i) => requestFor(model.golden, i)),
    );
    const runner = runStream({
      source: await openStreamSource(`${REDIS}/${requests}?group=g4`),
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: slow,
      concurrency: 3,
    });
    await waitFor(() => started === 3);
    const stats = await runner.stop();
    expect(stats).toMatchObject({ answered: 3, inFlight: 0 });
    expect(await redis.xlen(out)).toBe(3);
    expect(await pendingCount(requests, 'g4')).toBe(0);
  });

  it('retries a request whose inference fails, then answers it with the error', async () => {
    const { requests, replies: out } = streamKeys();
    const { target: broken, attempts } = failingTarget(model.target);
    await add(requests, [requestFor(model.golden, 0)]);
    const runner = runStream({
      source: await openStreamSource(
        `${REDIS}/${requests}?group=g5&claimIdleMs=100&claimIntervalMs=50`,
      ),
      sink: await openStreamSink(`${REDIS}/${out}`),
      target: broken,
      maxDeliveries: 3,
    });
    await waitFor(async () => (await redis.xlen(out)) >= 1);
    const stats = await runner.stop();
    expect(attempts()).toBe(3);
    expect(stats).toMatchObject({ answered: 1, errorReplies: 1, retried: 2 });
    const [reply] = await replies(out);
    expect(reply).toMatchObject({ id: 'req-0', model_name: 'bc' });
    expect(String(reply?.error)).toMatch(/Internal error/);
    expect(await pendingCount(requests, 'g5')).toBe(0);
  });
});
