import type { FastifyRequest } from 'fastify';
import { SlipwayError, invalidArgument } from '@slipway/core';
import { bufferedBody, drainBody } from '../body-budget.js';

function tooLarge(limit: number): SlipwayError {
  return new SlipwayError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than the limit of ${limit} bytes.`,
    details: { limitBytes: limit },
  });
}

/**
 * The whole request body as one Buffer, read under the app's body budget and timeout (see
 * installBodyLimits). A declared Content-Length over `limit` is refused before anything is read,
 * and a chunked body is counted against `limit` as it arrives. Chunks are kept as they arrive and
 * joined at the end, rather than copied into a buffer of the declared size: a client that declares
 * 16 MiB and stalls after 1 MiB then holds 1 MiB, which is what the budget counts.
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
  const body = bufferedBody(request);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const cleanup = (): void => {
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const fail = (err: Error, drain: boolean): void => {
      cleanup();
      // A body over the limit is drained so the 413 can be read on this connection; one the body
      // guard refused (budget, timeout, abort) is not read further.
      if (drain) drainBody(request);
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) return fail(tooLarge(limit), true);
      if (declared !== undefined && received > declared) {
        return fail(invalidArgument('The body is longer than its Content-Length.'), true);
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      if (declared !== undefined && received !== declared) {
        reject(invalidArgument(`The body ended after ${received} of ${declared} bytes.`));
      } else {
        resolve(Buffer.concat(chunks, received));
      }
    };
    const onError = (err: Error): void => fail(err, false);
    const onClose = (): void => {
      if (!settled)
        fail(invalidArgument('The client closed the request before its body ended.'), false);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}
