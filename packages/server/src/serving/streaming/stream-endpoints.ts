import { invalidArgument } from '@slipway/core';
import { KafkaStreamSink, KafkaStreamSource } from './kafka-streams.js';
import { isKafkaUrl, kafkaSinkOptions, kafkaSourceOptions } from './kafka-url.js';
import { NatsJetStreamSink, NatsJetStreamSource } from './nats-jetstream.js';
import { RedisStreamSink, RedisStreamSource } from './redis-streams.js';
import type { StreamSink, StreamSource } from './stream-types.js';

export interface StreamSourceDefaults {
  /** Consumer group (Redis, Kafka) or durable consumer (NATS) name, unless the URL sets one. */
  group?: string | undefined;
  /** Messages fetched per read; default 16. */
  batch?: number | undefined;
}

interface Endpoint {
  scheme: 'nats' | 'redis';
  url: URL;
  /** The subject (NATS) or stream key (Redis): the URL's path. */
  name: string;
  param(key: string): string | undefined;
  number(key: string): number | undefined;
}

function parseEndpoint(text: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidArgument(
      `'${text}' is not a stream URL; use nats://host:4222/<subject>, redis://host:6379/<stream> or kafka://host:9092/<topic>.`,
    );
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'nats' && protocol !== 'redis' && protocol !== 'rediss') {
    throw invalidArgument(
      `Unsupported stream URL scheme '${protocol}:'; use nats://, redis:// or kafka://.`,
    );
  }
  const name = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  if (name === '') {
    throw invalidArgument(
      `'${text}' names no ${protocol === 'nats' ? 'subject' : 'stream'}; put it in the path, e.g. ${protocol}://${url.host}/requests.`,
    );
  }
  const param = (key: string) => url.searchParams.get(key) ?? undefined;
  return {
    scheme: protocol === 'nats' ? 'nats' : 'redis',
    url,
    name,
    param,
    number(key) {
      const value = param(key);
      if (value === undefined) return undefined;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || parsed < 0) {
        throw invalidArgument(`Stream URL parameter '${key}' must be a non-negative number.`);
      }
      return parsed;
    },
  };
}

function credentials(url: URL) {
  return {
    user: url.username === '' ? undefined : decodeURIComponent(url.username),
    pass: url.password === '' ? undefined : decodeURIComponent(url.password),
  };
}

function redisConnection(endpoint: Endpoint) {
  const { url } = endpoint;
  const { user, pass } = credentials(url);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    username: user,
    password: pass,
    db: endpoint.number('db'),
    tls: url.protocol === 'rediss:',
  };
}

function natsServers(url: URL): string {
  return `${url.hostname || '127.0.0.1'}:${url.port === '' ? 4222 : url.port}`;
}

/**
 * A request source from its URL:
 * - `nats://host:4222/<subject>?stream=&durable=&ackWaitMs=&deliver=all|new&expiresMs=`
 * - `redis://host:6379/<stream key>?group=&consumer=&db=&start=0|$&claimIdleMs=&blockMs=`
 * - `kafka://host:9092[,host2:9092]/<topic>?group=&fromBeginning=true|false&clientId=&batch=&maxWaitMs=&sessionTimeoutMs=&ssl=&mechanism=`:
 *   a consumer group with explicit commits (see KafkaStreamSource). `group`: the consumer group
 *   (default: the caller's group, else `slipway`); `fromBeginning`: where a group with no committed
 *   offset starts, the oldest message (`true`, default) or only new ones; `clientId`: the client id
 *   brokers see (default `slipway-stream`); `batch`: messages fetched ahead of the consumer before
 *   fetching pauses (default 16); `maxWaitMs`: how long one fetch waits for messages, about the
 *   longest a close takes (default 1000); `sessionTimeoutMs`: silence after which the group hands
 *   this consumer's partitions to others (default 30000); `ssl=true`: TLS; `user:password@` in the
 *   URL: SASL with `mechanism` plain (default), scram-sha-256 or scram-sha-512. A port defaults to
 *   9092; unknown parameters are refused.
 */
export async function openStreamSource(
  text: string,
  defaults: StreamSourceDefaults = {},
): Promise<StreamSource> {
  if (isKafkaUrl(text)) return KafkaStreamSource.open(kafkaSourceOptions(text, defaults));
  const endpoint = parseEndpoint(text);
  const { url, name } = endpoint;
  if (endpoint.scheme === 'nats') {
    const deliver = endpoint.param('deliver');
    if (deliver !== undefined && deliver !== 'all' && deliver !== 'new') {
      throw invalidArgument(`Stream URL parameter 'deliver' must be all or new.`);
    }
    return NatsJetStreamSource.open({
      servers: natsServers(url),
      ...credentials(url),
      subject: name,
      stream: endpoint.param('stream'),
      durable: endpoint.param('durable') ?? defaults.group,
      ackWaitMs: endpoint.number('ackWaitMs'),
      deliver,
      batch: endpoint.number('batch') ?? defaults.batch,
      expiresMs: endpoint.number('expiresMs'),
    });
  }
  const start = endpoint.param('start');
  if (start !== undefined && start !== '0' && start !== '$') {
    throw invalidArgument(`Stream URL parameter 'start' must be 0 or $.`);
  }
  return RedisStreamSource.open({
    ...redisConnection(endpoint),
    key: name,
    group: endpoint.param('group') ?? defaults.group,
    consumer: endpoint.param('consumer'),
    start,
    batch: endpoint.number('batch') ?? defaults.batch,
    blockMs: endpoint.number('blockMs'),
    claimIdleMs: endpoint.number('claimIdleMs'),
    claimIntervalMs: endpoint.number('claimIntervalMs'),
  });
}

/**
 * A reply sink from its URL: `nats://host:4222/<subject>[?jetstream=false]`,
 * `redis://host:6379/<stream key>[?maxlen=N&db=N]` or
 * `kafka://host:9092[,host2:9092]/<topic>[?clientId=&idempotent=true|false&ssl=&mechanism=]`: a
 * producer waiting for all in-sync replicas (acks -1), replies keyed by request id with the
 * `x-slipway-dedup-id` header; `idempotent=true` turns on the idempotent producer (default false);
 * `clientId`, `ssl`, `mechanism` and credentials as for the source.
 */
export async function openStreamSink(text: string): Promise<StreamSink> {
  if (isKafkaUrl(text)) return KafkaStreamSink.open(kafkaSinkOptions(text));
  const endpoint = parseEndpoint(text);
  if (endpoint.scheme === 'nats') {
    return NatsJetStreamSink.open({
      servers: natsServers(endpoint.url),
      ...credentials(endpoint.url),
      subject: endpoint.name,
      jetstream: endpoint.param('jetstream') !== 'false',
    });
  }
  return RedisStreamSink.open({
    ...redisConnection(endpoint),
    key: endpoint.name,
    maxLength: endpoint.number('maxlen'),
  });
}
