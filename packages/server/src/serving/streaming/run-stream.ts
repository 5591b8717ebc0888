import type { InferenceTarget } from '../protocol/inference-target.js';
import type { ProtocolDatatypes } from '../runtime/enforce-signature.js';
import { answerMessage, errorReply, peekRequestId } from './stream-request.js';
import type { StreamMessage, StreamSink, StreamSource } from './stream-types.js';

export interface RunStreamOptions {
  source: StreamSource;
  sink: StreamSink;
  target: InferenceTarget;
  /** Messages worked on at once; default 8. */
  concurrency?: number | undefined;
  /**
   * Deliveries of a message whose inference keeps failing for reasons other than the request
   * itself (a crashed worker, an unavailable model) before it is answered with the error and
   * acknowledged, so one poison message cannot circulate forever; default 5.
   */
  maxDeliveries?: number | undefined;
  /** How long a failed message waits before its redelivery, where the transport can wait; default 1000. */
  retryDelayMs?: number | undefined;
  /** Failures that are retried or swallowed, for the caller's log. */
  onError?: ((err: unknown, message: StreamMessage | undefined) => void) | undefined;
  /**
   * An OIP tensor whose datatype differs from the model's input: an error reply (`strict`, the
   * default, as over HTTP and gRPC) or converted when no value changes (`lossless`).
   */
  datatypes?: ProtocolDatatypes | undefined;
  /** Called after each reply is on the sink and its request acknowledged. */
  onReply?: ((reply: { requestId: string | null; failed: boolean }) => void) | undefined;
}

export interface StreamStats {
  received: number;
  /** Requests answered (replies on the sink, requests acknowledged), errors included. */
  answered: number;
  /** Of those, answered with an error. */
  errorReplies: number;
  /** Messages handed back for redelivery. */
  retried: number;
  inFlight: number;
}

export interface StreamRunner {
  /** Graceful: fetch no more, finish messages in flight, then close source and sink. */
  stop(): Promise<StreamStats>;
  /**
   * Abrupt, like a crash: closes the connections at once without acknowledging anything in
   * flight, which the transport then delivers to another consumer.
   */
  abort(): Promise<void>;
  readonly done: Promise<StreamStats>;
  stats(): StreamStats;
}

/**
 * Consumes inference requests from `source` and answers each on `sink`, at least once: a request
 * is acknowledged only after its reply is stored, and handed back for redelivery when answering
 * fails. Requests that are wrong in themselves (bad JSON, no id, inputs that do not fit the
 * model) are answered with an error and acknowledged, never redelivered.
 */
export function runStream(options: RunStreamOptions): StreamRunner {
  const { source, sink, target } = options;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const maxDeliveries = Math.max(1, options.maxDeliveries ?? 5);
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const stats: StreamStats = { received: 0, answered: 0, errorReplies: 0, retried: 0, inFlight: 0 };
  let aborted = false;
  let slotFreed: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();

  const report = (err: unknown, message?: StreamMessage) => {
    if (!aborted) options.onError?.(err, message);
  };

  async function answer(message: StreamMessage): Promise<void> {
    let answered;
    try {
      answered = await answerMessage(
        target,
        message.data,
        message.headers,
        options.datatypes ?? 'strict',
      );
    } catch (err) {
      if (message.deliveryCount < maxDeliveries) {
        report(err, message);
        stats.retried += 1;
        await message.nak(retryDelayMs).catch((nakErr: unknown) => report(nakErr, message));
        return;
      }
      answered = errorReply(target, peekRequestId(message.data), err);
    }
    await sink.send(Buffer.from(answered.reply, 'utf8'), {
      key: answered.requestId ?? undefined,
      dedupId: `reply:${message.dedupKey}`,
    });
    await message.ack();
    stats.answered += 1;
    if (answered.failed) stats.errorReplies += 1;
    options.onReply?.({ requestId: answered.requestId, failed: answered.failed });
  }

  function start(message: StreamMessage): void {
    stats.received += 1;
    stats.inFlight += 1;
    const work = answer(message)
      .catch(async (err: unknown) => {
        // The sink or the ack failed: leave the message to be delivered again.
        report(err, message);
        if (aborted) return;
        stats.retried += 1;
        await message.nak(retryDelayMs).catch((nakErr: unknown) => report(nakErr, message));
      })
      .finally(() => {
        stats.inFlight -= 1;
        inFlight.delete(work);
        slotFreed?.();
      });
    inFlight.add(work);
  }

  async function consume(): Promise<StreamStats> {
    const messages = source.messages()[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (inFlight.size >= concurrency && !aborted) {
          await new Promise<void>((resolve) => (slotFreed = resolve));
        }
        if (aborted) break;
        const next = await messages.next();
        if (next.done === true || aborted) break;
        start(next.value);
      }
    } catch (err) {
      if (!aborted) throw err;
    } finally {
      if (!aborted) {
        await Promise.allSettled([...inFlight]);
        await Promise.allSettled([source.close(), sink.close()]);
      }
    }
    return { ...stats };
  }

  const done = consume();
  // A failing loop is reported through `done` (and stop()); never as an unhandled rejection.
  done.catch(() => undefined);
  return {
    async stop() {
      source.stop();
      return done;
    },
    async abort() {
      aborted = true;
      // Work in flight is abandoned, not awaited: its messages stay unacknowledged.
      await Promise.allSettled([source.close(), sink.close()]);
      slotFreed?.();
    },
    done,
    stats: () => ({ ...stats }),
  };
}
