import { Partitioners } from 'kafkajs';
import type { Consumer, EachMessagePayload, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { SlipwayError } from '@slipway/core';
import { kafkaClient, kafkaUnavailable } from './kafka-client.js';
import type { KafkaConnectOptions } from './kafka-client.js';
import { PartitionOffsets } from './kafka-partition-offsets.js';
import type { SendOptions, StreamMessage, StreamSink, StreamSource } from './stream-types.js';

export interface KafkaSourceOptions extends KafkaConnectOptions {
  topic: string;
  /** The consumer group: consumers sharing it share the topic's partitions; default `slipway`. */
  group?: string | undefined;
  /** Where a group without committed offsets starts: the oldest message (default) or new ones only. */
  fromBeginning?: boolean | undefined;
  /** Messages fetched ahead of the consumer before fetching pauses; default 16. */
  batch?: number | undefined;
  /** How long one fetch waits for messages, and so about the longest a close() takes; default 1000. */
  maxWaitMs?: number | undefined;
  /** A consumer not heard from for this long loses its partitions to the group; default 30000. */
  sessionTimeoutMs?: number | undefined;
}

export interface KafkaSinkOptions extends KafkaConnectOptions {
  topic: string;
  /**
   * Idempotent producer (no duplicates from the producer's own retries); default false. Needs
   * IDEMPOTENT_WRITE on the cluster; librdkafka's mock cluster, which the tests use, cannot serve it.
   */
  idempotent?: boolean | undefined;
}

/** The header a reply carries its dedup id in: the same for every answer to one request. */
export const KAFKA_DEDUP_HEADER = 'x-slipway-dedup-id';

/**
 * eachMessage may wait this long for the consumer to make room before fetching is paused instead:
 * kafkajs heartbeats between messages, so a longer wait would starve the group's heartbeats.
 */
const ROOM_WAIT_MS = 1000;

interface Fetched {
  offsets: PartitionOffsets;
  message: KafkaMessage;
  deliveryCount: number;
}

function headerRecord(headers: IHeaders | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    // A header set more than once counts with its last value, as Kafka's own clients read it.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) record[key.toLowerCase()] = last.toString();
  }
  return record;
}

/**
 * Requests from a Kafka topic through a consumer group with explicit commits. The group's offset
 * for a partition is committed only up to the lowest message this consumer has not acked, once
 * the ack's messages are done; a consumer that stops or dies leaves everything from there on to
 * be fetched again by the group (including messages above it that were already answered: Kafka
 * keeps one position per partition, not one mark per message).
 *
 * Fetching pauses once `batch` messages have waited a second for the consumer, so about that many
 * are buffered at most; and a rebalance that takes a partition away drops what this consumer held
 * of it, since the partition's new owner starts again from the committed offset. Kafka keeps no
 * delivery count: `deliveryCount` counts this consumer's own deliveries (1 after a restart).
 */
export class KafkaStreamSource implements StreamSource {
  private readonly ready: Fetched[] = [];
  private readonly partitions = new Map<number, PartitionOffsets>();
  private assignment = new Set<number>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private commits: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;
  private roomMade: (() => void) | undefined;
  private paused = false;
  private stopped = false;
  private failure: SlipwayError | undefined;
  private closing: Promise<void> | undefined;
  private readonly capacity: number;

  private constructor(
    private readonly consumer: Consumer,
    private readonly group: string,
    private readonly options: KafkaSourceOptions,
  ) {
    this.capacity = Math.max(1, options.batch ?? 16);
  }

  get description(): string {
    return `kafka://${this.options.brokers.join(',')}/${this.options.topic} (group ${this.group})`;
  }

  /** Messages fetched and waiting for the consumer (at most about `batch`). */
  get buffered(): number {
    return this.ready.length;
  }

  static async open(options: KafkaSourceOptions): Promise<KafkaStreamSource> {
    const group = options.group ?? 'slipway';
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    const consumer = kafkaClient(options).consumer({
      groupId: group,
      sessionTimeout,
      heartbeatInterval: Math.max(100, Math.min(3000, Math.floor(sessionTimeout / 3))),
      maxWaitTimeInMs: options.maxWaitMs ?? 1000,
    });
    const source = new KafkaStreamSource(consumer, group, options);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      source.assigned(event.payload.memberAssignment[options.topic] ?? []);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) source.fail(event.payload.error);
    });
    try {
      await consumer.connect();
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw kafkaUnavailable('Cannot connect to Kafka', options, err);
    }
    try {
      await consumer.subscribe({
        topic: options.topic,
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({ autoCommit: false, eachMessage: (payload) => source.receive(payload) });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw kafkaUnavailable(`Cannot consume Kafka topic '${options.topic}'`, options, err);
    }
    return source;
  }

  async *messages(): AsyncGenerator<StreamMessage> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const next = this.ready.shift();
      if (next === undefined) {
        if (this.stopped) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      this.madeRoom();
      if (this.current(next)) yield this.wrap(next);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.pauseFetching();
    this.roomMade?.();
    this.wake?.();
  }

  async close(): Promise<void> {
    this.stop();
    this.closing ??= (async () => {
      // Acks already made commit before the group is left, so the next owner starts after them.
      for (const offsets of this.partitions.values()) await this.commit(offsets).catch(() => {});
      await this.consumer.disconnect();
    })();
    return this.closing;
  }

  private async receive({ partition, message }: EachMessagePayload): Promise<void> {
    // Not registered, a message is never committed past: it is fetched again after a restart.
    if (this.stopped || !this.assignment.has(partition)) return;
    const offset = BigInt(message.offset);
    let offsets = this.partitions.get(partition);
    if (offsets === undefined) {
      offsets = new PartitionOffsets(partition, offset);
      this.partitions.set(partition, offsets);
    }
    if (!offsets.receive(offset)) return;
    this.ready.push({ offsets, message, deliveryCount: 1 });
    this.wake?.();
    if (this.ready.length >= this.capacity && !(await this.room())) this.pauseFetching();
  }

  /** Resolves true once the consumer has taken a message, false if it took none in ROOM_WAIT_MS. */
  private room(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.roomMade = undefined;
        resolve(false);
      }, ROOM_WAIT_MS);
      this.roomMade = () => {
        clearTimeout(timer);
        this.roomMade = undefined;
        resolve(true);
      };
    });
  }

  private madeRoom(): void {
    if (this.ready.length >= this.capacity) return;
    this.roomMade?.();
    if (this.paused && !this.stopped) {
      this.paused = false;
      this.consumer.resume([{ topic: this.options.topic }]);
    }
  }

  private pauseFetching(): void {
    if (this.paused) return;
    this.paused = true;
    this.consumer.pause([{ topic: this.options.topic }]);
  }

  /**
   * After every (re)join. kafkajs then fetches each partition from the group's committed offset;
   * partitions this consumer keeps are moved on to where it had fetched, since it still holds (and
   * will commit) everything between, and partitions it lost are forgotten: acks for them commit
   * nothing, because the new owner reads them again from the committed offset.
   */
  private assigned(partitions: number[]): void {
    this.assignment = new Set(partitions);
    for (const partition of [...this.partitions.keys()]) {
      if (!this.assignment.has(partition)) this.partitions.delete(partition);
    }
    const kept = this.ready.filter((fetched) => this.current(fetched));
    this.ready.splice(0, this.ready.length, ...kept);
    // A consumer restarted after a crash comes back unpaused, a rejoined one keeps its pause:
    // set it afresh either way.
    if (this.ready.length < this.capacity) this.paused = false;
    const topics = [{ topic: this.options.topic }];
    if (this.paused || this.stopped) this.consumer.pause(topics);
    else this.consumer.resume(topics);
    for (const offsets of this.partitions.values()) {
      this.consumer.seek({
        topic: this.options.topic,
        partition: offsets.partition,
        offset: offsets.position.toString(),
      });
    }
  }

  private fail(err: Error): void {
    this.failure = kafkaUnavailable(
      `Kafka consumer of '${this.options.topic}' stopped`,
      this.options,
      err,
    );
    this.wake?.();
  }

  /** Still this consumer's to answer: its partition is assigned here and it is not acked. */
  private current({ offsets, message }: Fetched): boolean {
    return (
      this.partitions.get(offsets.partition) === offsets && offsets.holds(BigInt(message.offset))
    );
  }

  /**
   * Commits are chained, so they reach the broker in the order they were computed (a late one
   * never moves the offset back); each computes its point when it runs, so a burst of acks
   * shares one commit.
   */
  private commit(offsets: PartitionOffsets): Promise<void> {
    const run = this.commits.then(async () => {
      if (this.partitions.get(offsets.partition) !== offsets) return;
      const point = offsets.commitPoint();
      if (point === undefined) return;
      await this.consumer.commitOffsets([
        { topic: this.options.topic, partition: offsets.partition, offset: point.toString() },
      ]);
      offsets.committedUpTo(point);
    });
    this.commits = run.catch(() => undefined);
    return run;
  }

  /**
   * A nak hands the same message out again from here after `delayMs`, rather than seeking the
   * partition back: a seek would fetch every later message of the partition again too, answered
   * or in flight. It stays unfinished meanwhile, so the commit cannot pass it, and if this
   * consumer stops before the retry, the group fetches it again from the committed offset.
   */
  private retry(fetched: Fetched, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (this.stopped || !this.current(fetched)) return;
      this.ready.push({ ...fetched, deliveryCount: fetched.deliveryCount + 1 });
      this.wake?.();
    }, delayMs);
    this.retries.add(timer);
  }

  private wrap(fetched: Fetched): StreamMessage {
    const { offsets, message } = fetched;
    const { topic } = this.options;
    const offset = BigInt(message.offset);
    let settled = false;
    return {
      id: `${offsets.partition}/${message.offset}`,
      dedupKey: `${topic}/${offsets.partition}/${message.offset}`,
      data: message.value ?? new Uint8Array(0),
      deliveryCount: fetched.deliveryCount,
      headers: headerRecord(message.headers),
      ack: async () => {
        if (settled) return;
        settled = true;
        offsets.finish(offset);
        await this.commit(offsets);
      },
      nak: async (delayMs = 0) => {
        if (settled) return;
        settled = true;
        this.retry(fetched, delayMs);
      },
    };
  }
}

/**
 * Replies produced to a topic with acks from all in-sync replicas, keyed by request id (so one
 * request's replies share a partition) and carrying the dedup id in the `x-slipway-dedup-id`
 * header, by which a reader can drop the second answer to a redelivered request.
 */
export class KafkaStreamSink implements StreamSink {
  private constructor(
    private readonly producer: Producer,
    private readonly options: KafkaSinkOptions,
  ) {}

  get description(): string {
    return `kafka://${this.options.brokers.join(',')}/${this.options.topic}`;
  }

  static async open(options: KafkaSinkOptions): Promise<KafkaStreamSink> {
    const idempotent = options.idempotent === true;
    const producer = kafkaClient(options).producer({
      idempotent,
      // Idempotence keeps order only with one request in flight per connection (kafkajs's rule).
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw kafkaUnavailable('Cannot connect to Kafka', options, err);
    }
    return new KafkaStreamSink(producer, options);
  }

  async send(data: Uint8Array, options: SendOptions = {}): Promise<void> {
    await this.producer.send({
      topic: this.options.topic,
      acks: -1,
      messages: [
        {
          key: options.key ?? null,
          value: Buffer.isBuffer(data) ? data : Buffer.from(data),
          ...(options.dedupId === undefined
            ? {}
            : { headers: { [KAFKA_DEDUP_HEADER]: options.dedupId } }),
        },
      ],
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
