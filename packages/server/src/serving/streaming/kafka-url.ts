import { invalidArgument } from '@slipway/core';
import type { KafkaConnectOptions, KafkaSaslMechanism } from './kafka-client.js';
import type { KafkaSinkOptions, KafkaSourceOptions } from './kafka-streams.js';

const SHARED_PARAMS = ['clientId', 'ssl', 'mechanism'];
const SOURCE_PARAMS = [
  ...SHARED_PARAMS,
  'group',
  'fromBeginning',
  'batch',
  'maxWaitMs',
  'sessionTimeoutMs',
];
const SINK_PARAMS = [...SHARED_PARAMS, 'idempotent'];
const MECHANISMS: readonly KafkaSaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const EXAMPLE = 'kafka://host:9092[,host2:9092]/<topic>';

export function isKafkaUrl(text: string): boolean {
  return /^kafka:/i.test(text.trim());
}

interface KafkaEndpoint {
  connection: KafkaConnectOptions;
  topic: string;
  params: URLSearchParams;
}

function brokerAddress(entry: string, text: string): string {
  let url: URL;
  try {
    // Parsed as an http authority: the WHATWG parser checks host and port, which it does not
    // for a comma-separated list under an unknown scheme.
    url = new URL(`http://${entry}`);
  } catch {
    throw invalidArgument(`'${text}' has a bad broker address '${entry}'; use ${EXAMPLE}.`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '') {
    throw invalidArgument(`'${text}' has a bad broker address '${entry}'; use ${EXAMPLE}.`);
  }
  return `${url.hostname}:${url.port === '' ? '9092' : url.port}`;
}

/**
 * `new URL` cannot take Kafka's usual list of seed brokers (`a:9092,b:9092`), so the parts are
 * split here: `kafka://[user:password@]host[:port][,host[:port]...]/<topic>[?params]`.
 */
function parseKafkaUrl(text: string, allowed: string[]): KafkaEndpoint {
  const match = /^kafka:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i.exec(text.trim());
  if (match === null) throw invalidArgument(`'${text}' is not a Kafka URL; use ${EXAMPLE}.`);
  const [, userinfo, hosts = '', path = '', query = ''] = match;
  const entries = hosts
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw invalidArgument(`'${text}' names no broker; use ${EXAMPLE}.`);
  }
  const brokers = entries.map((entry) => brokerAddress(entry, text));
  let topic: string;
  try {
    topic = decodeURIComponent(path.replace(/^\/+/, ''));
  } catch {
    throw invalidArgument(`'${text}' has a badly escaped topic.`);
  }
  if (topic === '') {
    throw invalidArgument(
      `'${text}' names no topic; put it in the path, e.g. kafka://${brokers[0]}/requests.`,
    );
  }
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw invalidArgument(
      `'${topic}' is not a Kafka topic name: use up to 249 letters, digits, '.', '_' or '-'.`,
    );
  }
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (!allowed.includes(key)) {
      throw invalidArgument(
        `Unknown Kafka URL parameter '${key}'; this URL takes ${allowed.join(', ')}.`,
      );
    }
  }
  const connection: KafkaConnectOptions = { brokers };
  const clientId = params.get('clientId');
  if (clientId !== null) connection.clientId = clientId;
  if (flag(params, 'ssl') === true) connection.ssl = true;
  const mechanism = params.get('mechanism');
  if (mechanism !== null && !MECHANISMS.includes(mechanism as KafkaSaslMechanism)) {
    throw invalidArgument(`Kafka URL parameter 'mechanism' must be ${MECHANISMS.join(', ')}.`);
  }
  if (userinfo !== undefined && userinfo !== '') {
    const [user = '', ...rest] = userinfo.split(':');
    connection.sasl = {
      mechanism: (mechanism as KafkaSaslMechanism | null) ?? 'plain',
      username: decodeURIComponent(user),
      password: decodeURIComponent(rest.join(':')),
    };
  } else if (mechanism !== null) {
    throw invalidArgument(
      `Kafka URL parameter 'mechanism' needs credentials: kafka://user:password@host:9092/<topic>.`,
    );
  }
  return { connection, topic, params };
}

function flag(params: URLSearchParams, key: string): boolean | undefined {
  const value = params.get(key);
  if (value === null) return undefined;
  if (value !== 'true' && value !== 'false') {
    throw invalidArgument(`Kafka URL parameter '${key}' must be true or false.`);
  }
  return value === 'true';
}

function count(params: URLSearchParams, key: string): number | undefined {
  const value = params.get(key);
  if (value === null) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw invalidArgument(`Kafka URL parameter '${key}' must be a positive whole number.`);
  }
  return parsed;
}

export function kafkaSourceOptions(
  text: string,
  defaults: { group?: string | undefined; batch?: number | undefined },
): KafkaSourceOptions {
  const { connection, topic, params } = parseKafkaUrl(text, SOURCE_PARAMS);
  const group = params.get('group');
  if (group === '') throw invalidArgument(`Kafka URL parameter 'group' must not be empty.`);
  return {
    ...connection,
    topic,
    group: group ?? defaults.group,
    fromBeginning: flag(params, 'fromBeginning'),
    batch: count(params, 'batch') ?? defaults.batch,
    maxWaitMs: count(params, 'maxWaitMs'),
    sessionTimeoutMs: count(params, 'sessionTimeoutMs'),
  };
}

export function kafkaSinkOptions(text: string): KafkaSinkOptions {
  const { connection, topic, params } = parseKafkaUrl(text, SINK_PARAMS);
  return { ...connection, topic, idempotent: flag(params, 'idempotent') };
}
