/**
 * One inference request taken from a stream. At-least-once: a message is delivered again until
 * it is acknowledged, so a consumer acks only after its reply is safely on the sink.
 */
export interface StreamMessage {
  /** The transport's id (NATS stream sequence, Redis entry id, Kafka partition/offset). */
  readonly id: string;
  /** Stable across redeliveries of this message: replies published under it can be deduplicated. */
  readonly dedupKey: string;
  readonly data: Uint8Array;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  /** Message headers where the transport has them (e.g. x-slipway-route-key). */
  readonly headers: Record<string, string>;
  /** Done with the message: it is not delivered again. */
  ack(): Promise<void>;
  /** Not done: deliver it again (after `delayMs` where the transport can wait). */
  nak(delayMs?: number): Promise<void>;
}

/** Where requests come from: a NATS JetStream durable consumer, a Redis consumer group, ... */
export interface StreamSource {
  readonly description: string;
  /**
   * Messages as they arrive. Pulled lazily: a consumer takes the next message only when it can
   * work on it. Ends after stop(), once messages already fetched have been yielded.
   */
  messages(): AsyncIterable<StreamMessage>;
  /** Fetch no more; messages() ends soon after. */
  stop(): void;
  /** Releases the connection. Messages not yet acknowledged are delivered again later. */
  close(): Promise<void>;
}

export interface SendOptions {
  /** The reply's request id, as a partition / message key where the transport has one. */
  key?: string | undefined;
  /** The same for every attempt to answer one request, for transports that deduplicate. */
  dedupId?: string | undefined;
}

/** Where replies go. `send` resolves once the transport has stored the reply durably. */
export interface StreamSink {
  readonly description: string;
  send(data: Uint8Array, options?: SendOptions): Promise<void>;
  close(): Promise<void>;
}
