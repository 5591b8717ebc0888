import type { FastifyRequest } from 'fastify';
import { SlipwayError, invalidArgument } from '@slipway/core';

function tooLarge(limit: number): SlipwayError {
  return new SlipwayError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than the limit of ${limit} bytes.`,
    details: { limitBytes: limit },
  });
}

/**
 * The whole request body as one Buffer. With a Content-Length the buffer is allocated once at the
 * declared size (refused up front when over `limit`) and chunks are copied in, so nothing beyond
 * the declared body is ever held; a chunked body is counted against `limit` as it arrives.
 */
export function readRawBody(request: FastifyRequest, limit: number): Promise<Buffer> {
  const raw = request.raw;
  const encoding = raw.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return Promise.reject(
      invalidArgument(`Content-Encoding ${encoding} is not supported; send the body uncompressed.`),
    );
  }
  const header = raw.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > limit) {
    raw.resume();
    return Promise.reject(tooLarge(limit));
  }
  if (declared === 0 || raw.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise<Buffer>((resolve, reject) => {
    const fixed = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onError);
      raw.off('close', onClose);
    };
    const fail = (err: Error): void => {
      cleanup();
      // Drain what is left so the error response can still be written on this connection.
      raw.resume();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      const start = received;
      received += chunk.length;
      if (received > limit) return fail(tooLarge(limit));
      if (fixed === undefined) chunks.push(chunk);
      else if (received > fixed.length)
        fail(invalidArgument('The body is longer than its Content-Length.'));
      else chunk.copy(fixed, start);
    };
    const onEnd = (): void => {
      cleanup();
      if (fixed !== undefined && received !== fixed.length) {
        reject(invalidArgument(`The body ended after ${received} of ${fixed.length} bytes.`));
      } else {
        resolve(fixed ?? Buffer.concat(chunks, received));
      }
    };
    const onError = (err: Error): void => fail(err);
    const onClose = (): void => {
      if (!raw.readableEnded)
        fail(invalidArgument('The client closed the request before its body ended.'));
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onError);
    raw.on('close', onClose);
  });
}
