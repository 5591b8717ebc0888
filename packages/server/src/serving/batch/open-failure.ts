import { SlipwayError } from '@slipway/core';

/** A file that cannot be read or written, as an error naming the path. */
export function fileError(path: string, action: string, err: unknown): SlipwayError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return new SlipwayError({
    code: code === 'ENOENT' ? 'NOT_FOUND' : 'FAILED_PRECONDITION',
    message: `Cannot ${action} ${path}: ${err instanceof Error ? err.message : String(err)}`,
    cause: err,
  });
}
