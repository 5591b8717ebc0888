import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { contractRegistry } from './registry.js';

/** `{"error": {"code", "message", "details"}}`: every native API error, whatever the status. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .register(contractRegistry, {
    id: 'Error',
    description: 'An error; the HTTP status follows from `code`.',
  });

export type ErrorBody = z.infer<typeof errorBodySchema>;
