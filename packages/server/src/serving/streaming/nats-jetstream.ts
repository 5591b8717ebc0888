import { AckPolicy, DeliverPolicy, connect, headers as natsHeaders, nanos } from 'nats';
import type { ConnectionOptions, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import { SlipwayError } from '@slipway/core';
import type { SendOptions, StreamMessage, StreamSink, StreamSource } from './stream-types.js';

export interface NatsConnectOptions {
  /** `host:port`, as nats.connect takes it. */
  servers: string;
  user?: string | undefined;
  pass?: string | undefined;
}

export interface NatsSourceOptions extends NatsConnectOptions {
  subject: string;
  /** The stream holding `subject`; default: the stream that captures it, created if none does. */
  stream?: string | undefined;
  /** The durable consumer's name: consumers sharing it share the work; default `slipway`. */
  durable?: string | undefined;
  /** Unacknowledged messages are delivered again after this long; default 30000. */
  ackWaitMs?: number | undefined;
  /** `all` (default) consumes the stream's backlog on the consumer's first start; `new` skips it. */
  deliver?: 'all' | 'new' | undefined;
  /** Messages fetched per pull; default 16. */
  batch?: number | undefined;
  /** How long one pull waits for messages, and so the longest a stop() takes; default 1000. */
  expiresMs?: number | undefined;
}

export interface NatsSinkOptions extends NatsConnectOptions {
  subject: string;
  /** Publish through JetStream (default, durable, deduplicated by reply id) or plain NATS. */
  jetstream?: boolean | undefined;
}

async function natsConnect(options: NatsConnectOptions): Promise<NatsConnection> {
  const settings: ConnectionOptions = { servers: options.servers, name: 'slipway-stream' };
  if (options.user !== undefined) settings.user = options.user;
  if (options.pass !== undefined) settings.pass = options.pass;
  try {
    return await connect(settings);
  } catch (err) {
    throw new SlipwayError({
      code: 'UNAVAILABLE',
      message: `Cannot connect to NATS at ${options.servers}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
}

/** The stream that captures `subject`, created (named after the subject) when none does. */
export async function ensureStream(jsm: JetStreamManager, subject: string): Promise<string> {
  try {
    return await jsm.streams.find(subject);
  } catch {
    const name = `SLIPWAY_${subject.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    await jsm.streams.add({ name, subjects: [subject] });
    return name;
  }
}

function headerRecord(msg: JsMsg): Record<string, string> {
  const record: Record<string, string> = {};
  const { headers } = msg;
  if (headers === undefined) return record;
  for (const key of headers.keys()) record[key.toLowerCase()] = headers.get(key);
  return record;
}

/**
 * Requests from a NATS JetStream durable pull consumer with explicit acks: a message is acked
 * (and the ack confirmed by the server) only after its reply is published; a nak, or a consumer
 * that dies first, gets it delivered again after `ackWaitMs`.
 */
export class NatsJetStreamSource implements StreamSource {
  private stopped = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly durable: string,
    private readonly options: NatsSourceOptions,
  ) {}

  get description(): string {
    return `nats://${this.options.servers}/${this.options.subject} (stream ${this.stream}, consumer ${this.durable})`;
  }

  static async open(options: NatsSourceOptions): Promise<NatsJetStreamSource> {
    const nc = await natsConnect(options);
    try {
      const jsm = await nc.jetstreamManager();
      const stream = options.stream ?? (await ensureStream(jsm, options.subject));
      const durable = options.durable ?? 'slipway';
      const exists = await jsm.consumers.info(stream, durable).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await jsm.consumers.add(stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          ack_wait: nanos(options.ackWaitMs ?? 30_000),
          filter_subject: options.subject,
          deliver_policy: options.deliver === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        });
      }
      return new NatsJetStreamSource(nc, stream, durable, options);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async *messages(): AsyncGenerator<StreamMessage> {
    const consumer = await this.nc.jetstream().consumers.get(this.stream, this.durable);
    const batch = this.options.batch ?? 16;
    const expires = this.options.expiresMs ?? 1000;
    while (!this.stopped && !this.nc.isClosed()) {
      const pulled = await consumer.fetch({ max_messages: batch, expires });
      for await (const msg of pulled) yield this.wrap(msg);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (!this.nc.isClosed()) await this.nc.close();
  }

  private wrap(msg: JsMsg): StreamMessage {
    return {
      id: String(msg.seq),
      dedupKey: `${this.stream}:${msg.seq}`,
      data: msg.data,
      deliveryCount: msg.info.deliveryCount,
      headers: headerRecord(msg),
      ack: async () => {
        await msg.ackAck();
      },
      nak: async (delayMs) => {
        msg.nak(delayMs);
      },
    };
  }
}

/**
 * Replies published to a subject: through JetStream by default (a stream is created for the
 * subject when none captures it), with the reply's dedup id as `Nats-Msg-Id`, so a reply sent
 * again after a redelivery is stored once within the stream's duplicate window.
 */
export class NatsJetStreamSink implements StreamSink {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly options: NatsSinkOptions,
  ) {}

  get description(): string {
    return `nats://${this.options.servers}/${this.options.subject}`;
  }

  static async open(options: NatsSinkOptions): Promise<NatsJetStreamSink> {
    const nc = await natsConnect(options);
    try {
      if (options.jetstream !== false)
        await ensureStream(await nc.jetstreamManager(), options.subject);
      return new NatsJetStreamSink(nc, options);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async send(data: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (this.options.jetstream === false) {
      const headers = natsHeaders();
      if (options.key !== undefined) headers.set('x-slipway-request-id', options.key);
      this.nc.publish(this.options.subject, data, { headers });
      await this.nc.flush();
      return;
    }
    await this.nc.jetstream().publish(this.options.subject, data, {
      ...(options.dedupId === undefined ? {} : { msgID: options.dedupId }),
    });
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
