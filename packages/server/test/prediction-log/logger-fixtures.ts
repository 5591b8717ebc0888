import type { PredictionLogStore, PredictionRecord, PredictionWrite, Tensor } from '@slipway/core';
import type { PredictionEvent } from '../../src/prediction-log/prediction-event.js';

export const T0 = 1_700_000_000_000;

export function event(n: number, overrides: Partial<PredictionEvent> = {}): PredictionEvent {
  const input: Tensor = {
    name: 'x',
    datatype: 'FP64',
    shape: [1, 2],
    data: new Float64Array([n, n / 4]),
  };
  const output: Tensor = { name: 'y', datatype: 'INT32', shape: [1], data: new Int32Array([n]) };
  return {
    requestId: `req-${n}`,
    deployment: 'fraud',
    modelName: 'fraud-model',
    modelVersion: '7',
    inputs: [input],
    outputs: [output],
    latencyMs: 0.5,
    status: 'ok',
    time: T0 + n,
    ...overrides,
  };
}

/**
 * Wraps a real store: records every append's size, and can hold appends at a gate or fail the
 * next `failures` of them, to drive the logger into overload and error paths.
 */
export class ControlledStore implements Pick<PredictionLogStore, 'append'> {
  readonly batches: number[] = [];
  attempts = 0;
  failures = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  constructor(private readonly inner: Pick<PredictionLogStore, 'append'>) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async append(records: readonly (PredictionWrite | PredictionRecord)[]): Promise<void> {
    this.attempts += 1;
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database is on fire');
    }
    await this.inner.append(records);
    this.batches.push(records.length);
  }
}

export async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached within 4 s');
}
