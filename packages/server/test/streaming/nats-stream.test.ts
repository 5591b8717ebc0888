import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import type { NatsConnection, Subscription } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStream } from '../../src/serving/streaming/run-stream.js';
import { openStreamSink, openStreamSource } from '../../src/serving/streaming/stream-endpoints.js';
import {
  expectGoldenReply,
  loadStreamModel,
  recording,
  requestFor,
  waitFor,
} from './support/stream-fixtures.js';
import type { StreamModel } from './support/stream-fixtures.js';

const NATS = 'nats://127.0.0.1:4222';
let model: StreamModel;
let nc: NatsConnection;
const subjects: string[] = [];

beforeAll(async () => {
  model = await loadStreamModel();
  nc = await connect({ servers: '127.0.0.1:4222' });
});
afterEach(async () => {
  const jsm = await nc.jetstreamManager();
  for (const subject of subjects.splice(0)) {
    const stream = await jsm.streams.find(subject).catch(() => undefined);
    if (stream !== undefined) await jsm.streams.delete(stream);
  }
});
afterAll(async () => {
  await nc?.close();
  await model?.close();
});

interface Channel {
  requests: string;
  replies: string;
  received: Record<string, unknown>[];
  subscription: Subscription;
}

/** Unique request and reply subjects, with a plain subscription collecting the replies. */
async function channel(): Promise<Channel> {
  const base = `slipway.test.${randomUUID().slice(0, 8)}`;
  const requests = `${base}.requests`;
  const replies = `${base}.replies`;
  subjects.push(requests, replies);
  const received: Record<string, unknown>[] = [];
  const subscription = nc.subscribe(replies);
  void (async () => {
    for await (const msg of subscription) received.push(JSON.parse(msg.string()));
  })();
  await nc.flush();
  return { requests, replies, received, subscription };
}

async function publish(
  subject: string,
  bodies: (string | Record<string, unknown>)[],
): Promise<void> {
  const js = nc.jetstream();
  for (const body of bodies)
    await js.publish(subject, typeof body === 'string' ? body : JSON.stringify(body));
}

describe('NATS JetStream streaming', () => {
  it('answers every request on the sink with its id and scikit-learn outputs', async () => {
    const ch = await channel();
    const source = await openStreamSource(`${NATS}/${ch.requests}?durable=c1`);
    const sink = await openStreamSink(`${NATS}/${ch.replies}`);
    await publish(
      ch.requests,
      Array.from({ length: 20 }, (_v, i) => requestFor(model.golden, i)),
    );
    const runner = runStream({ source, sink, target: model.target, concurrency: 4 });
    await waitFor(() => ch.received.length >= 20);
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 20, answered: 20, errorReplies: 0, inFlight: 0 });
    expect(ch.received.map((reply) => reply.id).sort()).toEqual(
      Array.from({ length: 20 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of ch.received) expectGoldenReply(model.golden, reply);
    const info = await (
      await nc.jetstreamManager()
    ).consumers.info(await streamOf(ch.requests), 'c1');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    ch.subscription.unsubscribe();
  });

  it('redelivers the requests of a consumer killed mid-way to a second consumer', async () => {
    const ch = await channel();
    const url = `${NATS}/${ch.requests}?durable=shared&ackWaitMs=1000`;
    // The first consumer takes requests but never finishes them, then dies without acking.
    const first = recording(await openStreamSource(`${url}&batch=4`));
    await publish(
      ch.requests,
      Array.from({ length: 10 }, (_v, i) => requestFor(model.golden, i)),
    );
    const doomed = runStream({
      source: first.source,
      sink: await openStreamSink(`${NATS}/${ch.replies}`),
      target: model.stuckTarget,
      concurrency: 4,
    });
    await waitFor(() => first.deliveries.length >= 4);
    await doomed.abort();
    const taken = first.deliveries.map((message) => message.id);

    const second = recording(await openStreamSource(url));
    const runner = runStream({
      source: second.source,
      sink: await openStreamSink(`${NATS}/${ch.replies}`),
      target: model.target,
      concurrency: 4,
    });
    await waitFor(() => ch.received.length >= 10);
    await runner.stop();
    expect(ch.received.map((reply) => reply.id).sort()).toEqual(
      Array.from({ length: 10 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of ch.received) expectGoldenReply(model.golden, reply);
    // What the dead consumer held came again, as a redelivery.
    const redelivered = second.deliveries.filter((message) => taken.includes(message.id));
    expect(redelivered.map((message) => message.id).sort()).toEqual([...taken].sort());
    expect(redelivered.every((message) => message.deliveryCount >= 2)).toBe(true);
    ch.subscription.unsubscribe();
  });

  it('answers malformed requests with an error and acks them for good', async () => {
    const ch = await channel();
    const source = await openStreamSource(`${NATS}/${ch.requests}?durable=c3&ackWaitMs=500`);
    const sink = await openStreamSink(`${NATS}/${ch.replies}`);
    await publish(ch.requests, [
      'not json at all',
      { instances: [[1, 2]] },
      { id: 'no-columns', dataframe_records: [{ x: 1 }] },
      {
        id: 'bad-shape',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [1, 2] }],
      },
      // The protocol's rule, as over HTTP: no silent conversion, no ignored input.
      {
        id: 'int64-for-fp32',
        inputs: [{ name: 'input', datatype: 'INT64', shape: [1, 30], data: Array(30).fill(1) }],
      },
      {
        id: 'unknown-input',
        inputs: [
          ...(requestFor(model.golden, 1).inputs as unknown[]),
          { name: 'bogus', datatype: 'FP32', shape: [1], data: [1] },
        ],
      },
      requestFor(model.golden, 0),
    ]);
    const runner = runStream({ source, sink, target: model.target, concurrency: 2 });
    await waitFor(() => ch.received.length >= 7);
    // Well past the ack wait: an unacked message would have come back by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 7, answered: 7, errorReplies: 6, retried: 0 });
    expect(ch.received).toHaveLength(7);
    const byId = new Map(ch.received.map((reply) => [String(reply.id), reply]));
    expect(byId.get('null')?.error).toBeDefined();
    expect(ch.received.filter((reply) => reply.id === null)).toHaveLength(2);
    expect(String(byId.get('no-columns')?.error)).toContain("Missing columns 'mean radius'");
    expect(String(byId.get('bad-shape')?.error)).toContain("'input'");
    expect(String(byId.get('int64-for-fp32')?.error)).toMatch(/INT64.*FP32|FP32.*INT64/u);
    expect(String(byId.get('unknown-input')?.error)).toContain("'bogus'");
    expectGoldenReply(model.golden, byId.get('req-0') as Record<string, unknown>);
    const info = await (
      await nc.jetstreamManager()
    ).consumers.info(await streamOf(ch.requests), 'c3');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    ch.subscription.unsubscribe();
  });
});

async function streamOf(subject: string): Promise<string> {
  return (await nc.jetstreamManager()).streams.find(subject);
}
