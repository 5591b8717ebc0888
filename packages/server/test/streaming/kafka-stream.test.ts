import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners } from 'kafkajs';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlipwayError } from '@slipway/core';
import { quietKafkaLogs } from '../../src/serving/streaming/kafka-client.js';
import { KafkaStreamSource } from '../../src/serving/streaming/kafka-streams.js';
import { runStream } from '../../src/serving/streaming/run-stream.js';
import { openStreamSink, openStreamSource } from '../../src/serving/streaming/stream-endpoints.js';
import type { StreamMessage } from '../../src/serving/streaming/stream-types.js';
import { startKafkaMockCluster } from './support/kafka-mock-cluster.js';
import type { KafkaMockCluster } from './support/kafka-mock-cluster.js';
import {
  expectGoldenReply,
  failingTarget,
  loadStreamModel,
  recording,
  requestFor,
  waitFor,
} from './support/stream-fixtures.js';
import type { StreamModel } from './support/stream-fixtures.js';

// librdkafka's mock cluster (through kcat), not a real broker: see docs/adr/0008-kafka-via-kafkajs.md.
let cluster: KafkaMockCluster;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let model: StreamModel;
let KAFKA: string;
const collectors: Consumer[] = [];
/**
 * For tests where a second consumer joins a group the first has left: the mock cluster holds such
 * a rejoin for the session timeout less a second (30 s by default), where Kafka would not wait.
 */
const SESSION_MS = 3000;

beforeAll(async () => {
  cluster = await startKafkaMockCluster();
  KAFKA = `kafka://${cluster.bootstrap}`;
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'test', logCreator: quietKafkaLogs });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  model = await loadStreamModel();
});
afterAll(async () => {
  for (const consumer of collectors) await consumer.disconnect();
  await producer?.disconnect();
  await admin?.disconnect();
  await cluster?.stop();
  await model?.close();
});

function topics(): { requests: string; replies: string } {
  const base = `slipway-test-${randomUUID().slice(0, 8)}`;
  return { requests: `${base}-requests`, replies: `${base}-replies` };
}

async function produce(
  topic: string,
  bodies: (string | Record<string, unknown> | null)[],
  options: { partition?: number; headers?: Record<string, string> } = {},
): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: bodies.map((body) => ({
      value: body === null || typeof body === 'string' ? body : JSON.stringify(body),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    })),
  });
}

interface Reply {
  key: string | null;
  dedupId: string | undefined;
  body: Record<string, unknown>;
}

/** Every message on `topic`, read by a consumer group of its own from the beginning. */
async function collect(topic: string): Promise<Reply[]> {
  const received: Reply[] = [];
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 200 });
  collectors.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push({
        key: message.key?.toString() ?? null,
        dedupId: message.headers?.['x-slipway-dedup-id']?.toString(),
        body: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
      });
    },
  });
  return received;
}

/** The group's committed offset per partition (-1: none). */
async function committed(topic: string, group: string): Promise<Map<number, number>> {
  const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return new Map(
    (offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]),
  );
}

/** Messages on `topic` the group has not committed past, over all partitions. */
async function uncommitted(topic: string, group: string): Promise<number> {
  const done = await committed(topic, group);
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.reduce(
    (sum, { partition, high, low }) =>
      sum + Number(high) - Math.max(Number(low), done.get(partition) ?? -1),
    0,
  );
}

/** Pulls `count` messages from a source's iterator. */
async function take(
  messages: AsyncIterator<StreamMessage>,
  count: number,
): Promise<StreamMessage[]> {
  const taken: StreamMessage[] = [];
  while (taken.length < count) {
    const next = await messages.next();
    if (next.done === true) throw new Error(`the source ended after ${taken.length} messages`);
    taken.push(next.value);
  }
  return taken;
}

function text(message: StreamMessage): string {
  return Buffer.from(message.data).toString('utf8');
}

describe('Kafka streaming (librdkafka mock cluster)', () => {
  it('answers every request on the sink, keyed by its id, with scikit-learn outputs', async () => {
    const { requests, replies } = topics();
    await produce(
      requests,
      Array.from({ length: 20 }, (_v, i) => requestFor(model.golden, i)),
    );
    // Each consumer's first join waits 3 s in the mock (as in Kafka): join side by side.
    const [received, source, sink] = await Promise.all([
      collect(replies),
      openStreamSource(`${KAFKA}/${requests}?group=g1`),
      openStreamSink(`${KAFKA}/${replies}`),
    ]);
    const runner = runStream({
      source,
      sink,
      target: model.target,
      concurrency: 4,
    });
    await waitFor(() => received.length >= 20);
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 20, answered: 20, errorReplies: 0, inFlight: 0 });
    expect(received.map((reply) => reply.body.id).sort()).toEqual(
      Array.from({ length: 20 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of received) {
      expectGoldenReply(model.golden, reply.body);
      expect(reply.key).toBe(reply.body.id);
      expect(reply.dedupId).toMatch(new RegExp(`^reply:${requests}/\\d+/\\d+$`));
    }
    // Requests went to all 4 partitions of the topic; every one is committed to its end.
    expect((await committed(requests, 'g1')).size).toBe(4);
    expect(await uncommitted(requests, 'g1')).toBe(0);
  });

  it('commits a partition only up to its lowest unacknowledged message', async () => {
    const { requests } = topics();
    await produce(requests, ['a', 'b', 'c', 'd'], {
      partition: 0,
      headers: { 'X-Slipway-Route-Key': 'user-7' },
    });
    // Seed brokers are a comma-separated list, as Kafka clients take them.
    const seeds = `kafka://${cluster.bootstrap},${cluster.bootstrap}/${requests}`;
    const source = await openStreamSource(seeds, { group: 'g2' });
    expect(source.description).toBe(`${seeds} (group g2)`);
    try {
      const [a, b, c, d] = await take(source.messages()[Symbol.asyncIterator](), 4);
      expect([a, b, c, d].map((message) => message?.id)).toEqual(['0/0', '0/1', '0/2', '0/3']);
      expect(a?.dedupKey).toBe(`${requests}/0/0`);
      expect(a?.deliveryCount).toBe(1);
      expect(a?.headers).toEqual({ 'x-slipway-route-key': 'user-7' });
      expect(text(a as StreamMessage)).toBe('a');
      await c?.ack();
      await b?.ack();
      expect((await committed(requests, 'g2')).get(0)).toBe(-1);
      await a?.ack();
      expect((await committed(requests, 'g2')).get(0)).toBe(3);
      await d?.ack();
      expect((await committed(requests, 'g2')).get(0)).toBe(4);
    } finally {
      await source.close();
    }
  });

  it('delivers a nakked message again, holding the commit back until it is acked', async () => {
    const { requests } = topics();
    await produce(requests, ['first', 'second'], { partition: 1 });
    const source = await openStreamSource(`${KAFKA}/${requests}?group=g3`);
    try {
      const messages = source.messages()[Symbol.asyncIterator]();
      const [first, second] = await take(messages, 2);
      await first?.nak(50);
      await second?.ack();
      expect((await committed(requests, 'g3')).get(1)).toBe(-1);
      const [again] = await take(messages, 1);
      expect(again?.dedupKey).toBe(first?.dedupKey);
      expect(again && text(again)).toBe('first');
      expect(again?.deliveryCount).toBe(2);
      await again?.ack();
      expect((await committed(requests, 'g3')).get(1)).toBe(2);
    } finally {
      await source.close();
    }
  });

  it('delivers messages not acknowledged before a close to the next consumer of the group', async () => {
    const { requests } = topics();
    await produce(requests, ['m0', 'm1', 'm2'], { partition: 2 });
    const url = `${KAFKA}/${requests}?group=g4&sessionTimeoutMs=${SESSION_MS}`;
    const first = await openStreamSource(url);
    const [m0, , m2] = await take(first.messages()[Symbol.asyncIterator](), 3);
    await m0?.ack();
    await m2?.ack();
    await first.close();
    expect((await committed(requests, 'g4')).get(2)).toBe(1);

    const second = await openStreamSource(url);
    try {
      const again = await take(second.messages()[Symbol.asyncIterator](), 2);
      // m1 comes again; so does m2 although it was answered, since Kafka commits a position.
      expect(again.map((message) => [message.id, text(message)])).toEqual([
        ['2/1', 'm1'],
        ['2/2', 'm2'],
      ]);
      for (const message of again) await message.ack();
      expect((await committed(requests, 'g4')).get(2)).toBe(3);
    } finally {
      await second.close();
    }
  });

  it('redelivers the requests of a consumer killed mid-way to a second consumer', async () => {
    const { requests, replies } = topics();
    const url = `${KAFKA}/${requests}?group=shared&sessionTimeoutMs=${SESSION_MS}`;
    await produce(
      requests,
      Array.from({ length: 10 }, (_v, i) => requestFor(model.golden, i)),
    );
    const [received, firstSource, firstSink] = await Promise.all([
      collect(replies),
      openStreamSource(`${url}&batch=2`),
      openStreamSink(`${KAFKA}/${replies}`),
    ]);
    // The first consumer takes requests but never finishes them, then dies without acking.
    const first = recording(firstSource);
    const doomed = runStream({
      source: first.source,
      sink: firstSink,
      target: model.stuckTarget,
      concurrency: 4,
    });
    await waitFor(() => first.deliveries.length >= 4);
    await doomed.abort();
    const taken = first.deliveries.map((message) => message.dedupKey);
    expect(await uncommitted(requests, 'shared')).toBe(10);

    const second = recording(await openStreamSource(url));
    const runner = runStream({
      source: second.source,
      sink: await openStreamSink(`${KAFKA}/${replies}`),
      target: model.target,
      concurrency: 4,
    });
    await waitFor(() => received.length >= 10);
    await runner.stop();
    expect(received.map((reply) => reply.body.id).sort()).toEqual(
      Array.from({ length: 10 }, (_v, i) => `req-${i}`).sort(),
    );
    for (const reply of received) expectGoldenReply(model.golden, reply.body);
    // What the dead consumer held came again to the second one.
    const redelivered = second.deliveries.filter((message) => taken.includes(message.dedupKey));
    expect(redelivered.map((message) => message.dedupKey).sort()).toEqual([...taken].sort());
    expect(await uncommitted(requests, 'shared')).toBe(0);
  });

  it('answers malformed requests with an error and commits them for good', async () => {
    const { requests, replies } = topics();
    await produce(requests, [
      'not json at all',
      null,
      { instances: [[1, 2]] },
      { id: 'no-columns', dataframe_records: [{ x: 1 }] },
      {
        id: 'bad-shape',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [1, 2] }],
      },
      requestFor(model.golden, 0),
    ]);
    const [received, source, sink] = await Promise.all([
      collect(replies),
      openStreamSource(`${KAFKA}/${requests}?group=g6`),
      openStreamSink(`${KAFKA}/${replies}`),
    ]);
    const runner = runStream({
      source,
      sink,
      target: model.target,
      concurrency: 2,
      retryDelayMs: 10,
    });
    await waitFor(() => received.length >= 6);
    await waitFor(async () => (await uncommitted(requests, 'g6')) === 0);
    const stats = await runner.stop();
    expect(stats).toMatchObject({ received: 6, answered: 6, errorReplies: 5, retried: 0 });
    expect(received).toHaveLength(6);
    const byId = new Map(received.map((reply) => [String(reply.body.id), reply.body]));
    expect(received.filter((reply) => reply.body.id === null)).toHaveLength(3);
    expect(received.filter((reply) => reply.key === null)).toHaveLength(3);
    expect(String(byId.get('no-columns')?.error)).toContain("Missing columns 'mean radius'");
    expect(String(byId.get('bad-shape')?.error)).toContain("'input'");
    expectGoldenReply(model.golden, byId.get('req-0') as Record<string, unknown>);
  });

  it('retries a request whose inference fails, then answers it with the error', async () => {
    const { requests, replies } = topics();
    const { target: broken, attempts } = failingTarget(model.target);
    await produce(requests, [requestFor(model.golden, 0)]);
    const [received, source, sink] = await Promise.all([
      collect(replies),
      openStreamSource(`${KAFKA}/${requests}?group=g7`),
      openStreamSink(`${KAFKA}/${replies}`),
    ]);
    const runner = runStream({
      source,
      sink,
      target: broken,
      maxDeliveries: 3,
      retryDelayMs: 20,
    });
    await waitFor(() => received.length >= 1);
    const stats = await runner.stop();
    expect(attempts()).toBe(3);
    expect(stats).toMatchObject({ answered: 1, errorReplies: 1, retried: 2 });
    expect(received[0]?.body).toMatchObject({ id: 'req-0', model_name: 'bc' });
    expect(String(received[0]?.body.error)).toMatch(/Internal error/);
    expect(await uncommitted(requests, 'g7')).toBe(0);
  });

  it('stops fetching while the consumer holds a full batch, and resumes as it takes them', async () => {
    const { requests } = topics();
    await produce(
      requests,
      Array.from({ length: 40 }, (_v, i) => `m${i}`),
      { partition: 3 },
    );
    const source = await openStreamSource(`${KAFKA}/${requests}?group=g8&batch=3`);
    expect(source).toBeInstanceOf(KafkaStreamSource);
    try {
      const messages = source.messages()[Symbol.asyncIterator]();
      await take(messages, 1);
      await waitFor(() => (source as KafkaStreamSource).buffered >= 3);
      // Long enough for a fetch loop that ignored the bound to have taken all 40.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((source as KafkaStreamSource).buffered).toBe(3);
      const rest = await take(messages, 39);
      expect(rest.map(text)).toEqual(Array.from({ length: 39 }, (_v, i) => `m${i + 1}`));
    } finally {
      await source.close();
    }
  });

  it('fails with UNAVAILABLE when no broker answers', async () => {
    // Port 1 on loopback: refused at once; kafkajs gives up after its retries (about 7 s).
    const [source, sink] = (await Promise.all([
      openStreamSource('kafka://127.0.0.1:1/requests').catch((e: unknown) => e),
      openStreamSink('kafka://127.0.0.1:1/replies').catch((e: unknown) => e),
    ])) as SlipwayError[];
    for (const err of [source, sink]) {
      expect(err?.code).toBe('UNAVAILABLE');
      expect(err?.message).toMatch(/^Cannot connect to Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    }
  });

  it.each([
    ['kafka://127.0.0.1:9092', /names no topic/],
    ['kafka://127.0.0.1:9092/', /names no topic/],
    ['kafka:///requests', /names no broker/],
    ['kafka://127.0.0.1:port/requests', /bad broker address/],
    ['kafka://127.0.0.1:9092/bad%20topic', /not a Kafka topic name/],
    ['kafka://127.0.0.1:9092/requests?fromBeginning=yes', /'fromBeginning' must be true or false/],
    ['kafka://127.0.0.1:9092/requests?batch=0', /'batch' must be a positive whole number/],
    ['kafka://127.0.0.1:9092/requests?maxWaitMs=soon', /'maxWaitMs' must be a positive/],
    ['kafka://127.0.0.1:9092/requests?grop=x', /Unknown Kafka URL parameter 'grop'/],
    ['kafka://127.0.0.1:9092/requests?group=', /'group' must not be empty/],
    ['kafka://127.0.0.1:9092/requests?mechanism=plain', /needs credentials/],
    ['kafka://u:p@127.0.0.1:9092/requests?mechanism=md5', /'mechanism' must be plain/],
    ['kafka://127.0.0.1:9092/requests?idempotent=true', /Unknown Kafka URL parameter/],
  ])('refuses the source URL %s', async (url, message) => {
    const err = (await openStreamSource(url).catch((e: unknown) => e)) as SlipwayError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(message);
  });

  it.each([
    ['kafka://127.0.0.1:9092/replies?idempotent=maybe', /'idempotent' must be true or false/],
    ['kafka://127.0.0.1:9092/replies?group=g', /Unknown Kafka URL parameter 'group'/],
    ['kafka://127.0.0.1:9092', /names no topic/],
  ])('refuses the sink URL %s', async (url, message) => {
    const err = (await openStreamSink(url).catch((e: unknown) => e)) as SlipwayError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(message);
  });
});
