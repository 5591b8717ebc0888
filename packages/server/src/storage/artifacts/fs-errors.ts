import { SlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';

/** The errno code (ENOENT, EACCES, ...) of a Node file system error, if it is one. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

const ERRNO: Record<string, { code: ErrorCode; reason: string }> = {
  ENOENT: { code: 'NOT_FOUND', reason: 'it does not exist' },
  ENOTDIR: { code: 'FAILED_PRECONDITION', reason: 'a part of the path is a file, not a directory' },
  EEXIST: { code: 'FAILED_PRECONDITION', reason: 'a part of the path is a file, not a directory' },
  EISDIR: { code: 'FAILED_PRECONDITION', reason: 'a directory is already at that path' },
  ENOTEMPTY: { code: 'FAILED_PRECONDITION', reason: 'a directory is already at that path' },
  EACCES: { code: 'PERMISSION_DENIED', reason: 'the server process lacks file permissions' },
  EPERM: { code: 'PERMISSION_DENIED', reason: 'the server process lacks file permissions' },
  EROFS: { code: 'PERMISSION_DENIED', reason: 'the file system is read-only' },
  ENOSPC: { code: 'RESOURCE_EXHAUSTED', reason: 'the disk is full' },
  EDQUOT: { code: 'RESOURCE_EXHAUSTED', reason: 'the disk quota is exhausted' },
};

/**
 * Turns a file system error into a SlipwayError that says what failed and why. Anything that is
 * not an errno error (a SlipwayError, or an error from the caller's source stream) passes through
 * unchanged so its own code survives.
 */
export function fsError(err: unknown, action: string): unknown {
  const errno = errnoCode(err);
  if (errno === undefined) return err;
  const known = ERRNO[errno];
  return new SlipwayError({
    code: known?.code ?? 'INTERNAL',
    message: `Cannot ${action}: ${known?.reason ?? (err as Error).message}.`,
    details: { errno },
    cause: err,
  });
}
