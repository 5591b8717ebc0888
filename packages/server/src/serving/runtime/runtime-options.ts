import { availableParallelism } from 'node:os';
import type { OnnxSessionSettings } from './worker-protocol.js';

/** Options shared by the ONNX and js runtimes. */
export interface RuntimeLoadOptions {
  /** Reported in metadata and error messages; defaults to the manifest name or file name. */
  name?: string | undefined;
  version?: string | undefined;
  /** Worker threads for this model; default min(2, CPU cores). */
  poolSize?: number | undefined;
  /** Run one zero-filled batch of one on each worker before serving (default: true for ONNX). */
  warmUp?: boolean | undefined;
}

export interface OnnxLoadOptions extends RuntimeLoadOptions {
  /** Per-worker ONNX Runtime threads; default: the cores divided among the pool's workers. */
  session?: Partial<OnnxSessionSettings> | undefined;
}

export function defaultPoolSize(): number {
  return Math.min(2, availableParallelism());
}

export function sessionSettings(
  poolSize: number,
  overrides: Partial<OnnxSessionSettings> = {},
): OnnxSessionSettings {
  return {
    intraOpNumThreads: Math.max(1, Math.floor(availableParallelism() / poolSize)),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    ...overrides,
  };
}

export function modelLabel(name: string, version: string | undefined): string {
  return version === undefined ? `model '${name}'` : `model '${name}' version ${version}`;
}
