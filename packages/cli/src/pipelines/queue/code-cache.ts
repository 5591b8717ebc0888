import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SlipwayError, checkArtifactPath } from '@slipway/core';
import type { PipelineStep } from '@slipway/core';
import { writeDownload } from '../../local-files.js';
import type { PipelineRecorder } from '../pipeline-recorder.js';
import { CODE_FILES_PREFIX, CODE_MODES_PATH, CODE_STEP } from './code-package.js';

/**
 * A worker's copies of the pipeline directories it has run steps of, one directory per code
 * version (the code step's outputs digest) under `root`: downloaded once, checked against each
 * file's sha256, then moved into place whole, so a half-written copy is never used and several
 * worker processes on one machine can share the root.
 */
export class CodeCache {
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  /**
   * The directory of a code version this worker already has (or is fetching), so a job naming
   * it needs no look at its run; undefined when it must be read from the run's code step.
   */
  cached(digest: string): Promise<string> | undefined {
    return digest === '' ? undefined : this.pending.get(digest);
  }

  /**
   * The local directory holding the code of run `runId`, whose code step is `step` (downloaded
   * from `recorder` when not here).
   */
  dirFor(
    runId: string,
    step: PipelineStep | undefined,
    recorder: Pick<PipelineRecorder, 'downloadOutput'>,
  ): Promise<string> {
    const digest = step?.outputsDigest;
    if (step === undefined || step.status !== 'succeeded' || digest === undefined) {
      return Promise.reject(
        new SlipwayError({
          code: 'FAILED_PRECONDITION',
          message: `Pipeline run ${runId} has no code to run: it was not started with --queue, or its ${CODE_STEP} step did not succeed.`,
        }),
      );
    }
    let dir = this.pending.get(digest);
    if (dir === undefined) {
      dir = this.fetch(recorder, runId, digest, step.outputs);
      this.pending.set(digest, dir);
      dir.catch(() => this.pending.delete(digest));
    }
    return dir;
  }

  private async fetch(
    recorder: Pick<PipelineRecorder, 'downloadOutput'>,
    runId: string,
    digest: string,
    outputs: ReadonlyArray<{ path: string; digest: string }>,
  ): Promise<string> {
    const dir = join(this.root, digest);
    if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return dir;
    const partial = join(this.root, `${digest}.${randomUUID().slice(0, 8)}.partial`);
    await mkdir(partial, { recursive: true });
    try {
      let executable: string[] = [];
      for (const output of outputs) {
        const body = await verified(recorder, runId, output);
        if (output.path === CODE_MODES_PATH) {
          // A small list written by the orchestrator: read whole.
          executable = ((await new Response(body).json()) as { executable: string[] }).executable;
        } else if (output.path.startsWith(CODE_FILES_PREFIX)) {
          await writeDownload(partial, output.path.slice(CODE_FILES_PREFIX.length), body);
        }
      }
      for (const path of executable) {
        await chmod(join(partial, ...checkArtifactPath(path).split('/')), 0o755);
      }
      await rename(partial, dir).catch(async (err: NodeJS.ErrnoException) => {
        // Another worker process put the same version in place first: theirs is as good.
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
        await rm(partial, { recursive: true, force: true });
      });
      return dir;
    } catch (err) {
      await rm(partial, { recursive: true, force: true });
      throw err;
    }
  }
}

/** An output's content, failing at its end when it does not match the recorded sha256. */
async function verified(
  recorder: Pick<PipelineRecorder, 'downloadOutput'>,
  runId: string,
  output: { path: string; digest: string },
): Promise<ReadableStream<Uint8Array>> {
  const hash = createHash('sha256');
  const body = await recorder.downloadOutput(runId, CODE_STEP, output.path);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        const actual = hash.digest('hex');
        if (actual !== output.digest) {
          controller.error(
            new Error(`${output.path} arrived with sha256 ${actual}, not ${output.digest}`),
          );
        }
      },
    }),
  );
}
