import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig, SASLOptions, logCreator } from 'kafkajs';
import { SlipwayError } from '@slipway/core';

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaConnectOptions {
  /** `host:port` seed brokers. */
  brokers: string[];
  /** The client id brokers log and quota by; default `slipway-stream`. */
  clientId?: string | undefined;
  /** TLS to the brokers (the system's CAs). */
  ssl?: boolean | undefined;
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string } | undefined;
}

/**
 * Where kafkajs logs retry chatter: an error for every failed attempt to reach a broker, while the
 * operation retrying it ends in its own error (thrown, or a consumer crash that is logged).
 */
const RETRY_NAMESPACES = new Set(['Connection', 'BrokerPool']);

/**
 * kafkajs logs every connection attempt, group join and partitioner notice at INFO/WARN; a stream
 * consumer's terminal should only show what needs attention, one line each.
 */
export const quietKafkaLogs: logCreator = () => (entry) => {
  if (entry.level > logLevel.ERROR || RETRY_NAMESPACES.has(entry.namespace)) return;
  process.stderr.write(`kafkajs ${entry.namespace}: ${entry.log.message}\n`);
};

/** kafkajs types each mechanism apart, so the one union field is narrowed case by case. */
function saslOptions(sasl: NonNullable<KafkaConnectOptions['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

export function kafkaClient(options: KafkaConnectOptions): Kafka {
  const config: KafkaConfig = {
    brokers: options.brokers,
    clientId: options.clientId ?? 'slipway-stream',
    logLevel: logLevel.ERROR,
    logCreator: quietKafkaLogs,
  };
  if (options.ssl === true) config.ssl = true;
  if (options.sasl !== undefined) config.sasl = saslOptions(options.sasl);
  return new Kafka(config);
}

export function kafkaUnavailable(
  what: string,
  options: KafkaConnectOptions,
  err: unknown,
): SlipwayError {
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message: `${what} at ${options.brokers.join(',')}: ${err instanceof Error ? err.message : String(err)}`,
    cause: err,
  });
}
