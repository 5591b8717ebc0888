import { invalidArgument } from '@slipway/core';

/** Names the length of the JSON part of a body that carries binary tensor data after it. */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';

export interface RestBody {
  json: unknown;
  /** The bytes after the JSON header; undefined without Inference-Header-Content-Length. */
  binary: Uint8Array | undefined;
}

/**
 * Splits a REST body into its JSON object and, with the binary data extension, the binary section
 * that follows it. The JSON is parsed once, here, and nowhere else.
 */
export function parseRestBody(body: Buffer, headerLength: string | undefined): RestBody {
  if (headerLength === undefined) return { json: parseJson(body, body.length), binary: undefined };
  const trimmed = headerLength.trim();
  const length = /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(length)) {
    throw invalidArgument(
      `The Inference-Header-Content-Length header must be the byte length of the JSON part of the body, not ${JSON.stringify(headerLength)}.`,
    );
  }
  if (length > body.length) {
    throw invalidArgument(
      `The Inference-Header-Content-Length header says the JSON part is ${length} bytes but the whole body is ${body.length} bytes.`,
    );
  }
  return { json: parseJson(body, length), binary: body.subarray(length) };
}

function parseJson(body: Buffer, length: number): unknown {
  if (length === 0) throw invalidArgument('The request body is empty; send a JSON object.');
  try {
    return JSON.parse(body.toString('utf8', 0, length)) as unknown;
  } catch (err) {
    throw invalidArgument(
      `The request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
