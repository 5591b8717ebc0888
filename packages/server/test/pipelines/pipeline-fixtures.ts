import { expect } from 'vitest';
import { isSlipwayError } from '@slipway/core';
import type { ErrorCode, PlannedStep } from '@slipway/core';

/** A planned step as the CLI's planner makes them, with the defaults filled in. */
export function planned(key: string, needs: string[] = [], extra: Partial<PlannedStep> = {}) {
  return {
    key,
    name: key.replace(/\[\d+\]$/u, ''),
    needs,
    command: `echo ${key}`,
    workdir: '.',
    env: {},
    files: [],
    params: {},
    retries: 0,
    retryDelayMs: 1000,
    cache: { enabled: true },
    ...extra,
  } satisfies PlannedStep;
}

/** Awaits `promise`, expecting it to fail with a SlipwayError of `code`; returns its message. */
export async function failsWith(promise: Promise<unknown>, code: ErrorCode): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (!isSlipwayError(err)) throw err;
    expect(err.code, err.message).toBe(code);
    return err.message;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
