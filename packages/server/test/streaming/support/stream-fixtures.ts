import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { InferenceTarget } from '../../../src/serving/protocol/inference-target.js';
import { inferenceTargetFromRuntime } from '../../../src/serving/protocol/runtime-target.js';
import { loadModelFromDirectory } from '../../../src/serving/runtime/model-loader.js';
import type { ModelRuntime } from '../../../src/serving/runtime/model-runtime.js';
import type { StreamMessage, StreamSource } from '../../../src/serving/streaming/stream-types.js';
import {
  goldenBreastCancer,
  writeBreastCancerPackage,
} from '../../scoring/support/scoring-models.js';
import type { Golden } from '../../scoring/support/scoring-models.js';

export interface StreamModel {
  golden: Golden;
  runtime: ModelRuntime;
  target: InferenceTarget;
  /** Same metadata, but inference never finishes: a consumer stuck mid-request. */
  stuckTarget: InferenceTarget;
  close(): Promise<void>;
}

/** The model's target, but every inference throws (a crashing worker); counts the attempts. */
export function failingTarget(target: InferenceTarget): {
  target: InferenceTarget;
  attempts: () => number;
} {
  let attempts = 0;
  return {
    target: {
      ...target,
      ready: true,
      infer() {
        attempts += 1;
        return Promise.reject(new Error('worker crashed'));
      },
    },
    attempts: () => attempts,
  };
}

export async function loadStreamModel(): Promise<StreamModel> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-stream-model-'));
  await writeBreastCancerPackage(dir);
  const runtime = await loadModelFromDirectory(dir, { name: 'bc', version: '3', poolSize: 1 });
  const target = inferenceTargetFromRuntime(runtime, { name: 'bc' });
  return {
    golden: await goldenBreastCancer(),
    runtime,
    target,
    stuckTarget: { ...target, ready: true, infer: () => new Promise(() => {}) },
    async close() {
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Request i of the golden rows, alternating MLflow records and OIP tensors. */
export function requestFor(golden: Golden, i: number): Record<string, unknown> {
  const row = golden.inputs[i] as number[];
  if (i % 2 === 0) {
    return {
      id: `req-${i}`,
      dataframe_records: [Object.fromEntries(golden.columns.map((name, c) => [name, row[c]]))],
    };
  }
  return {
    id: `req-${i}`,
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, row.length], data: row }],
  };
}

/** Checks a reply to requestFor(golden, i) against scikit-learn's output. */
export function expectGoldenReply(golden: Golden, reply: Record<string, unknown>): void {
  const i = Number(String(reply.id).replace('req-', ''));
  expect(reply.model_name).toBe('bc');
  expect(reply.model_version).toBe('3');
  expect(reply.error).toBeUndefined();
  const value =
    i % 2 === 0
      ? (reply.predictions as number[])[0]
      : ((reply.outputs as { name: string; data: number[] }[])[0]?.data[0] ?? NaN);
  expect(Math.abs((value as number) - (golden.expected[i]?.[0] ?? NaN))).toBeLessThan(1e-5);
}

/** Wraps a source to record every delivery (id and count) it hands out. */
export function recording(source: StreamSource): {
  source: StreamSource;
  deliveries: StreamMessage[];
} {
  const deliveries: StreamMessage[] = [];
  return {
    deliveries,
    source: {
      description: source.description,
      stop: () => source.stop(),
      close: () => source.close(),
      async *messages() {
        for await (const message of source.messages()) {
          deliveries.push(message);
          yield message;
        }
      },
    },
  };
}

/** Polls until `check` is true (bounded), for conditions reached asynchronously. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
