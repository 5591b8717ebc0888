import { describe, expect, it } from 'vitest';
import { SlipwayError, httpStatusFor, isSlipwayError } from './errors.js';

describe('SlipwayError', () => {
  it('carries a code, message and details, and maps the code to an HTTP status', () => {
    const err = new SlipwayError({
      code: 'NOT_FOUND',
      message: 'no run abc',
      details: { runId: 'abc' },
    });
    expect(isSlipwayError(err)).toBe(true);
    expect(err.httpStatus).toBe(404);
    expect(err.details).toEqual({ runId: 'abc' });
    expect(httpStatusFor('INVALID_ARGUMENT')).toBe(400);
    expect(httpStatusFor('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(isSlipwayError(new Error('x'))).toBe(false);
  });
});
