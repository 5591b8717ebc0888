import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { SlipwayError } from '@slipway/core';
import { streamedBody } from '../body-budget.js';

/**
 * The request body as a stream that fails once more than `limit` bytes arrive. A declared
 * Content-Length over the limit is refused before anything is read; chunked bodies are counted.
 * The upload is streamed, never buffered: it is not counted in the body budget, but fails with 408
 * when the client sends nothing for the body timeout (see installBodyLimits).
 */
export function limitedBody(request: FastifyRequest, limit: number): Readable {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
  // pipeline (unlike pipe) forwards a client abort to the counter, so the store sees the failure
  // and keeps nothing; the error itself reaches the handler through the store's put().
  pipeline(streamedBody(request), counter, () => {});
  return counter;
}

function tooLarge(limit: number): SlipwayError {
  return new SlipwayError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The upload is larger than the limit of ${limit} bytes.`,
    details: { limitBytes: limit },
  });
}
