import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SlipwayError } from '@slipway/core';

/** Bodies up to this size may use the headroom that larger bodies leave free. */
const SMALL_BODY_BYTES = 64 * 1024;
/** What a client is told to wait before retrying a request refused for the budget. */
export const BODY_BUDGET_RETRY_AFTER_SECONDS = 1;

/**
 * One process-wide count of request-body bytes held in memory. A buffered body reserves its bytes
 * as they arrive and gives them back when its exchange ends. An eighth of the budget is kept for
 * bodies of at most 64 KiB: once a body is larger, it only competes for the other seven eighths,
 * so slow clients part-way through large bodies cannot keep small requests (the usual inference
 * call, the API) from being served.
 */
export class BodyBudget {
  readonly limitBytes: number;
  readonly #largeCap: number;
  #used = 0;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
    this.#largeCap = limitBytes - Math.floor(limitBytes / 8);
  }

  get usedBytes(): number {
    return this.#used;
  }

  /** Whether a whole body of `bytes` would fit now; nothing is reserved. */
  admits(bytes: number): boolean {
    return this.#fits(0, bytes);
  }

  /** Reserves `bytes` more for a body that holds `held` already; false (nothing kept) past the budget. */
  reserve(held: number, bytes: number): boolean {
    if (!this.#fits(held, bytes)) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }

  #fits(held: number, bytes: number): boolean {
    const cap = held + bytes > SMALL_BODY_BYTES ? this.#largeCap : this.limitBytes;
    return this.#used + bytes <= cap;
  }
}

export interface BodyLimits {
  budget: BodyBudget;
  /**
   * A buffered body must have arrived this long after its reading began; a streamed upload may go
   * this long without a byte the server was ready to take.
   */
  timeoutMs: number;
}

/** Why a body could not be read: the client's doing (or the budget's), never a server fault. */
export type BodyFailure = 'timeout' | 'budget' | 'aborted';

/** A client error with the HTTP status every surface's error mapping passes through. */
class BodyReadError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BodyReadError';
  }
}

function budgetExhausted(): SlipwayError {
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message: `The server is holding as many request bodies as it may; retry in ${BODY_BUDGET_RETRY_AFTER_SECONDS} s.`,
    details: { retryAfterSeconds: BODY_BUDGET_RETRY_AFTER_SECONDS },
  });
}

const guards = new WeakMap<IncomingMessage, GuardedBody>();

/**
 * The request body, read under the budget and the body timeout. Lazy: the request stream is not
 * touched until someone reads this one, so routes that read it later (or never) lose nothing.
 */
class GuardedBody extends Readable {
  failure: BodyFailure | undefined;
  #streaming = false;
  #started = false;
  #held = 0;
  #waitingForReader = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: IncomingMessage,
    private readonly limits: BodyLimits,
  ) {
    super();
  }

  /** Streamed to a store rather than held: no budget, and an idle timeout instead of a deadline. */
  streaming(): this {
    if (!this.#started) this.#streaming = true;
    return this;
  }

  /** The reader gave up on the body (over its limit): read the rest uncounted, then drop it. */
  discard(): void {
    this.#streaming = true;
    this.resume();
  }

  override _read(): void {
    if (!this.#started) this.#start();
    else if (this.#waitingForReader) {
      this.#waitingForReader = false;
      this.source.resume();
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#detach();
    // A reader that gave up (an upload over its limit, a failed store) leaves the rest to drain,
    // so its answer can be read; closeUnreadRemainder bounds how long.
    if (this.failure === undefined && this.#started) this.source.resume();
    callback(err);
  }

  #start(): void {
    this.#started = true;
    const { source } = this;
    if (source.readableEnded) {
      this.push(null);
      return;
    }
    if (source.destroyed) {
      this.#fail('aborted', aborted());
      return;
    }
    const declared = declaredLength(source);
    if (!this.#streaming && declared !== undefined && !this.limits.budget.admits(declared)) {
      // Refused before a byte is read: the connection closes after the 503 (see onSend).
      this.#fail('budget', budgetExhausted());
      return;
    }
    this.#timer = setTimeout(this.#onTimer, this.limits.timeoutMs).unref();
    source.on('data', this.#onData);
    source.on('end', this.#onEnd);
    source.on('error', this.#onError);
    source.on('close', this.#onClose);
  }

  #onData = (chunk: Buffer): void => {
    if (this.#streaming) this.#timer?.refresh();
    else if (this.limits.budget.reserve(this.#held, chunk.length)) this.#held += chunk.length;
    else {
      this.#fail('budget', budgetExhausted());
      return;
    }
    if (!this.push(chunk)) {
      this.#waitingForReader = true;
      this.source.pause();
    }
  };

  #onEnd = (): void => {
    this.#detach();
    this.push(null);
  };

  #onError = (err: Error): void => this.#fail('aborted', aborted(err));

  #onClose = (): void => {
    if (!this.source.readableEnded) this.#fail('aborted', aborted());
  };

  #onTimer = (): void => {
    // A streamed upload waiting on its store (S3, a slow disk) is not the client being slow.
    if (this.#streaming && this.#waitingForReader) {
      this.#timer?.refresh();
      return;
    }
    this.#fail(
      'timeout',
      new BodyReadError(
        'SLIPWAY_BODY_TIMEOUT',
        408,
        this.#streaming
          ? `The upload sent nothing for ${this.limits.timeoutMs} ms.`
          : `The request body did not arrive within ${this.limits.timeoutMs} ms.`,
      ),
    );
  };

  #fail(failure: BodyFailure, err: Error): void {
    if (this.failure !== undefined || this.destroyed) return;
    this.failure = failure;
    this.#detach();
    // Stop reading: a body refused for time or budget is not drained, its connection is closed.
    this.source.pause();
    this.destroy(err);
  }

  #detach(): void {
    clearTimeout(this.#timer);
    const { source } = this;
    source.off('data', this.#onData);
    source.off('end', this.#onEnd);
    source.off('error', this.#onError);
    source.off('close', this.#onClose);
  }

  /** The exchange is over: the bytes go back to the budget. */
  finish(): void {
    this.#detach();
    this.limits.budget.release(this.#held);
    this.#held = 0;
  }
}

function aborted(cause?: unknown): BodyReadError {
  return new BodyReadError(
    'SLIPWAY_BODY_ABORTED',
    400,
    'The client closed the request before its body ended.',
    cause,
  );
}

function declaredLength(source: IncomingMessage): number | undefined {
  const header = source.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

function hasBody(source: IncomingMessage): boolean {
  const length = source.headers['content-length'];
  return length === undefined ? source.headers['transfer-encoding'] !== undefined : length !== '0';
}

/**
 * Puts every request body of `app` (and the plugins registered after) under `limits`: content
 * parsers that buffer (`parseAs`) read it through the guard, and so do the routes that read the
 * body themselves (readRawBody, limitedBody, the MLflow artifact stream). A body refused for the
 * budget is answered 503 with Retry-After, a slow one 408, both closing the connection; once the
 * exchange is over, an unread remainder (a body the route never wanted) is drained for at most
 * `timeoutMs` before its connection is closed.
 */
export function installBodyLimits(app: FastifyInstance, limits: BodyLimits): void {
  app.addHook('preParsing', (request, reply, payload, done) => {
    const source = request.raw;
    if (payload !== source || !hasBody(source)) {
      done(null, payload);
      return;
    }
    const guard = new GuardedBody(source, limits);
    guards.set(source, guard);
    reply.raw.once('close', () => {
      guard.finish();
      closeUnreadRemainder(source, limits.timeoutMs);
    });
    done(null, guard);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const failure = guards.get(request.raw)?.failure;
    if (failure === 'timeout' || failure === 'budget') {
      // Each surface words the error in its own shape; the status and the headers are the same.
      if (failure === 'timeout' && reply.statusCode >= 400) reply.code(408);
      if (failure === 'budget')
        reply.header('retry-after', String(BODY_BUDGET_RETRY_AFTER_SECONDS));
      reply.header('connection', 'close');
    }
    done(null, payload);
  });
}

function closeUnreadRemainder(source: IncomingMessage, timeoutMs: number): void {
  // Node's parser sets `complete` once the whole body has arrived; requests made with inject()
  // have no parser (nor a socket to close), and leave it undefined.
  if (source.complete !== false || source.destroyed) return;
  const timer = setTimeout(() => source.socket.destroy(), timeoutMs);
  timer.unref();
  source.once('close', () => clearTimeout(timer));
  source.once('end', () => clearTimeout(timer));
}

/**
 * The body to buffer: the guarded stream when the app has body limits (installBodyLimits), else
 * the request itself.
 */
export function bufferedBody(request: FastifyRequest): Readable {
  return guards.get(request.raw) ?? request.raw;
}

/** The body to stream to a store: guarded by the idle timeout only, never counted in the budget. */
export function streamedBody(request: FastifyRequest): Readable {
  return guards.get(request.raw)?.streaming() ?? request.raw;
}

/**
 * Reads and drops the rest of a body the route refused (over its size limit), so the answer can be
 * read on a connection that stays open; it no longer counts against the budget.
 */
export function drainBody(request: FastifyRequest): void {
  const guard = guards.get(request.raw);
  if (guard === undefined) request.raw.resume();
  else guard.discard();
}

/** Why this request's body could not be read, when the guard refused or lost it. */
export function bodyFailureOf(request: FastifyRequest): BodyFailure | undefined {
  return guards.get(request.raw)?.failure;
}

const GONE_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'SLIPWAY_BODY_ABORTED',
  'SLIPWAY_BODY_TIMEOUT',
]);

/**
 * Whether an error only says that the client went away or was too slow (an aborted body, a socket
 * closed mid-response, a body refused for time or budget): worth an info line, not an error line.
 */
export function isClientGone(err: unknown, request: FastifyRequest): boolean {
  if (bodyFailureOf(request) !== undefined) return true;
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && GONE_CODES.has(code)) return true;
    if (message === 'aborted') return true;
    current = cause;
  }
  // The request destroyed before its body was complete, or the connection gone (inject()'s
  // requests have neither a parser nor a real socket: `complete` and `destroyed` stay undefined).
  const raw = request.raw;
  return (raw.destroyed && raw.complete === false) || raw.socket?.destroyed === true;
}
