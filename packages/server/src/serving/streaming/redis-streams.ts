import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { SlipwayError } from '@slipway/core';
import type { SendOptions, StreamMessage, StreamSink, StreamSource } from './stream-types.js';

export interface RedisConnectOptions {
  host: string;
  port: number;
  username?: string | undefined;
  password?: string | undefined;
  db?: number | undefined;
  tls?: boolean | undefined;
}

export interface RedisSourceOptions extends RedisConnectOptions {
  /** The stream key requests are added to. */
  key: string;
  /** The consumer group: consumers in one group share the work; default `slipway`. */
  group?: string | undefined;
  /** This consumer's name in the group; default host-pid-random. */
  consumer?: string | undefined;
  /** Where a new group starts: `0` (default) takes the stream's backlog, `$` only new entries. */
  start?: '0' | '$' | undefined;
  /** Entries read per XREADGROUP; default 16. */
  batch?: number | undefined;
  /** How long one XREADGROUP blocks, and so the longest a stop() takes; default 1000. */
  blockMs?: number | undefined;
  /** Pending entries idle this long (a consumer died holding them) are claimed; default 30000. */
  claimIdleMs?: number | undefined;
  /** How often to look for such entries with XAUTOCLAIM; default claimIdleMs / 2. */
  claimIntervalMs?: number | undefined;
}

export interface RedisSinkOptions extends RedisConnectOptions {
  key: string;
  /** Trims the reply stream to about this many entries (XADD MAXLEN ~); default: no trimming. */
  maxLength?: number | undefined;
}

function redisClient(options: RedisConnectOptions): Redis {
  const settings: RedisOptions = {
    host: options.host,
    port: options.port,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    // RESP2: stream replies keep their documented nesting ([[key, entries]]), which RESP3's
    // map replies flatten.
    protocol: 2,
  };
  if (options.username !== undefined) settings.username = options.username;
  if (options.password !== undefined) settings.password = options.password;
  if (options.db !== undefined) settings.db = options.db;
  if (options.tls === true) settings.tls = {};
  return new Redis(settings);
}

async function connected(client: Redis, options: RedisConnectOptions): Promise<Redis> {
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.disconnect();
    throw new SlipwayError({
      code: 'UNAVAILABLE',
      message: `Cannot connect to Redis at ${options.host}:${options.port}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
}

type Entry = [id: string, fields: string[] | null];

/** The request body of an entry: its `data` field, or its only field whatever its name. */
function entryData(fields: string[] | null): Uint8Array {
  if (fields === null) return new Uint8Array(0);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'data') return Buffer.from(fields[i + 1] as string, 'utf8');
  }
  return fields.length === 2 ? Buffer.from(fields[1] as string, 'utf8') : new Uint8Array(0);
}

/**
 * Requests from a Redis stream through a consumer group: XREADGROUP delivers new entries, XACK
 * (after the reply is added to the sink) completes them, and XAUTOCLAIM takes over entries left
 * pending by consumers that died. Entries this consumer held before a restart (same name) are
 * read again first. Blocking reads use a connection of their own, so acks never wait behind them.
 */
export class RedisStreamSource implements StreamSource {
  private stopped = false;
  private readonly group: string;
  private readonly consumer: string;

  private constructor(
    private readonly client: Redis,
    private readonly reader: Redis,
    private readonly options: RedisSourceOptions,
  ) {
    this.group = options.group ?? 'slipway';
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  get description(): string {
    return `redis://${this.options.host}:${this.options.port}/${this.options.key} (group ${this.group}, consumer ${this.consumer})`;
  }

  static async open(options: RedisSourceOptions): Promise<RedisStreamSource> {
    const client = await connected(redisClient(options), options);
    const reader = await connected(redisClient(options), options).catch((err: unknown) => {
      client.disconnect();
      throw err;
    });
    const source = new RedisStreamSource(client, reader, options);
    try {
      await client.call(
        'XGROUP',
        'CREATE',
        options.key,
        source.group,
        options.start ?? '0',
        'MKSTREAM',
      );
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) {
        await source.close();
        throw err;
      }
    }
    return source;
  }

  async *messages(): AsyncGenerator<StreamMessage> {
    const { key } = this.options;
    const batch = this.options.batch ?? 16;
    const blockMs = this.options.blockMs ?? 1000;
    const claimIdleMs = this.options.claimIdleMs ?? 30_000;
    const claimEvery = this.options.claimIntervalMs ?? Math.max(100, claimIdleMs / 2);
    // Our own pending entries first (a restart under the same name), then new ones.
    for (let after = '0'; !this.stopped;) {
      const own = await this.read(batch, 0, after);
      if (own.length === 0) break;
      for (const message of own) yield message;
      after = own[own.length - 1]?.id ?? after;
    }
    let lastClaim = 0;
    let cursor = '0-0';
    while (!this.stopped && this.reader.status === 'ready') {
      if (Date.now() - lastClaim >= claimEvery) {
        lastClaim = Date.now();
        const claimed = await this.claim(key, claimIdleMs, cursor, batch);
        cursor = claimed.cursor;
        for (const message of claimed.messages) yield message;
      }
      for (const message of await this.read(batch, blockMs, '>')) yield message;
    }
  }

  stop(): void {
    this.stopped = true;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.reader.disconnect();
    this.client.disconnect();
  }

  private async read(count: number, blockMs: number, after: string): Promise<StreamMessage[]> {
    const args: (string | number)[] = ['GROUP', this.group, this.consumer, 'COUNT', count];
    if (after === '>') args.push('BLOCK', blockMs);
    args.push('STREAMS', this.options.key, after);
    let reply: unknown;
    try {
      reply = await this.reader.call('XREADGROUP', ...args);
    } catch (err) {
      if (this.stopped) return [];
      throw err;
    }
    const streams = (reply ?? []) as [string, Entry[]][];
    const entries = streams[0]?.[1] ?? [];
    if (after === '>') return entries.map((entry) => this.wrap(entry, 1));
    // Re-read pending entries: their delivery count comes from XPENDING.
    return this.withDeliveryCounts(entries);
  }

  private async claim(
    key: string,
    idleMs: number,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; messages: StreamMessage[] }> {
    const reply = (await this.client.call(
      'XAUTOCLAIM',
      key,
      this.group,
      this.consumer,
      idleMs,
      cursor,
      'COUNT',
      count,
    )) as [string, Entry[], ...unknown[]];
    const [next, entries] = reply;
    const live = entries.filter(([, fields]) => fields !== null);
    // Entries deleted from the stream while pending cannot be answered; drop them from the group.
    const gone = entries.filter(([, fields]) => fields === null).map(([id]) => id);
    if (gone.length > 0) await this.client.call('XACK', key, this.group, ...gone);
    return { cursor: next, messages: await this.withDeliveryCounts(live) };
  }

  private async withDeliveryCounts(entries: Entry[]): Promise<StreamMessage[]> {
    const first = entries[0]?.[0];
    const last = entries[entries.length - 1]?.[0];
    if (first === undefined || last === undefined) return [];
    const pending = (await this.client.call(
      'XPENDING',
      this.options.key,
      this.group,
      first,
      last,
      entries.length,
      this.consumer,
    )) as [string, string, number, number][];
    const counts = new Map(pending.map(([id, , , deliveries]) => [id, Number(deliveries)]));
    return entries.map((entry) => this.wrap(entry, counts.get(entry[0]) ?? 1));
  }

  private wrap([id, fields]: Entry, deliveryCount: number): StreamMessage {
    const { key } = this.options;
    return {
      id,
      dedupKey: `${key}:${id}`,
      data: entryData(fields),
      deliveryCount,
      headers: {},
      ack: async () => {
        await this.client.call('XACK', key, this.group, id);
      },
      // Left pending: XAUTOCLAIM hands it out again once it has been idle for claimIdleMs.
      nak: async () => {},
    };
  }
}

/** Replies added to a Redis stream with XADD, as `id` and `data` (the reply JSON) fields. */
export class RedisStreamSink implements StreamSink {
  private constructor(
    private readonly client: Redis,
    private readonly options: RedisSinkOptions,
  ) {}

  get description(): string {
    return `redis://${this.options.host}:${this.options.port}/${this.options.key}`;
  }

  static async open(options: RedisSinkOptions): Promise<RedisStreamSink> {
    return new RedisStreamSink(await connected(redisClient(options), options), options);
  }

  async send(data: Uint8Array, options: SendOptions = {}): Promise<void> {
    const trim =
      this.options.maxLength === undefined ? [] : ['MAXLEN', '~', this.options.maxLength];
    await this.client.call(
      'XADD',
      this.options.key,
      ...trim,
      '*',
      'id',
      options.key ?? '',
      'data',
      Buffer.from(data),
    );
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
