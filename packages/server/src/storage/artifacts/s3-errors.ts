import { SlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';

const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface S3LikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** True when S3 answered "no such key" (GetObject names it, HeadObject only has the status). */
export function isS3NotFound(err: unknown): boolean {
  const e = (err ?? {}) as S3LikeError;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Turns an error from the S3 client into a SlipwayError that names the operation and location,
 * so an operator can tell a wrong bucket from bad credentials from an unreachable endpoint.
 */
export function s3Error(err: unknown, action: string): SlipwayError {
  if (err instanceof SlipwayError) return err;
  const e = (err ?? {}) as S3LikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message : name;
  const [code, reason] = classify(name, typeof e.code === 'string' ? e.code : '', status, detail);
  return new SlipwayError({
    code,
    message: `Cannot ${action}: ${reason}.`,
    details: { s3Error: name, ...(status === undefined ? {} : { httpStatus: status }) },
    cause: err,
  });
}

function classify(
  name: string,
  errno: string,
  status: number | undefined,
  detail: string,
): [ErrorCode, string] {
  if (name === 'NoSuchBucket') return ['FAILED_PRECONDITION', 'the bucket does not exist'];
  if (/region is missing/i.test(detail)) {
    return [
      'FAILED_PRECONDITION',
      'no S3 region is configured (set the region option or AWS_REGION)',
    ];
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return ['NOT_FOUND', 'it does not exist'];
  }
  if (
    name === 'AccessDenied' ||
    name === 'InvalidAccessKeyId' ||
    name === 'SignatureDoesNotMatch' ||
    status === 401 ||
    status === 403
  ) {
    return ['PERMISSION_DENIED', `S3 refused the credentials or the request (${name}: ${detail})`];
  }
  if (NETWORK_ERRNOS.has(errno) || name === 'TimeoutError') {
    return ['UNAVAILABLE', `the S3 endpoint cannot be reached (${errno || name})`];
  }
  if (name === 'SlowDown' || status === 503 || status === 500) {
    return ['UNAVAILABLE', `S3 is unavailable, try again (${name}: ${detail})`];
  }
  return ['INTERNAL', `S3 error ${name}: ${detail}`];
}
