import { createHash } from 'node:crypto';
import { chmod, copyFile, link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SlipwayError, checkArtifactPath } from '@slipway/core';
import type { PipelineOutput } from '@slipway/core';
import { collectLocalFiles, writeDownload } from '../local-files.js';
import type { LocalFile } from '../local-files.js';

/**
 * The local directories of one pipeline run: per step a fresh outputs directory
 * (`$SLIPWAY_OUTPUTS`) and an inputs directory (`$SLIPWAY_INPUTS`) holding, under each needed
 * step's key, that step's outputs. Outputs made here are linked, not copied; outputs of steps
 * that did not run here (cached, or from the run being resumed) are downloaded once, when a
 * step first needs them.
 */
export class RunWorkspace {
  private readonly local = new Map<string, string>();
  private readonly downloads = new Map<string, Promise<string>>();

  private constructor(readonly root: string) {}

  static async create(): Promise<RunWorkspace> {
    return new RunWorkspace(await mkdtemp(join(tmpdir(), 'slipway-pipeline-')));
  }

  /** An empty outputs directory for an attempt (what an earlier attempt left is removed). */
  async freshOutputs(stepKey: string): Promise<string> {
    const dir = join(this.stepDir(stepKey), 'outputs');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Records a step's finished outputs directory; its files become read-only, so a step that
   * needs them cannot change them in place for another.
   */
  async keepOutputs(stepKey: string, dir: string, files: readonly LocalFile[]): Promise<void> {
    for (const file of files) await chmod(file.diskPath, 0o444);
    this.local.set(stepKey, dir);
  }

  listOutputs(dir: string): Promise<LocalFile[]> {
    return collectLocalFiles(dir);
  }

  /**
   * The inputs directory of a step: `<key>/` per needed step, each holding that step's outputs.
   * `fetchOutput` downloads an output of a step whose outputs are not here.
   */
  async prepareInputs(
    stepKey: string,
    needs: ReadonlyArray<{ key: string; outputs: readonly PipelineOutput[] }>,
    fetchOutput: (stepKey: string, path: string) => Promise<ReadableStream<Uint8Array>>,
  ): Promise<string> {
    const dir = join(this.stepDir(stepKey), 'inputs');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const need of needs) {
      const source = await this.outputsOf(need.key, need.outputs, fetchOutput);
      const target = join(dir, need.key);
      await mkdir(target, { recursive: true });
      for (const output of need.outputs) {
        const relative = checkArtifactPath(output.path).split('/');
        const to = join(target, ...relative);
        await mkdir(dirname(to), { recursive: true });
        await link(join(source, ...relative), to).catch(async (err: NodeJS.ErrnoException) => {
          // Another filesystem (or one without hard links): a copy does as well.
          if (err.code !== 'EXDEV' && err.code !== 'EPERM') throw err;
          await copyFile(join(source, ...relative), to);
        });
      }
    }
    return dir;
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private outputsOf(
    stepKey: string,
    outputs: readonly PipelineOutput[],
    fetchOutput: (stepKey: string, path: string) => Promise<ReadableStream<Uint8Array>>,
  ): Promise<string> {
    const local = this.local.get(stepKey);
    if (local !== undefined) return Promise.resolve(local);
    let download = this.downloads.get(stepKey);
    if (download === undefined) {
      download = this.download(stepKey, outputs, fetchOutput);
      this.downloads.set(stepKey, download);
      // A failed download may be retried by the next step that needs it.
      download.catch(() => this.downloads.delete(stepKey));
    }
    return download;
  }

  private async download(
    stepKey: string,
    outputs: readonly PipelineOutput[],
    fetchOutput: (stepKey: string, path: string) => Promise<ReadableStream<Uint8Array>>,
  ): Promise<string> {
    const dir = join(this.stepDir(stepKey), 'downloaded');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const output of outputs) {
      const hash = createHash('sha256');
      const body = (await fetchOutput(stepKey, output.path)).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            hash.update(chunk);
            controller.enqueue(chunk);
          },
        }),
      );
      const file = await writeDownload(dir, output.path, body);
      const digest = hash.digest('hex');
      if (digest !== output.digest) {
        throw new SlipwayError({
          code: 'INTERNAL',
          message: `Output ${output.path} of step ${stepKey} arrived with sha256 ${digest}, not ${output.digest}.`,
        });
      }
      await chmod(file, 0o444);
    }
    return dir;
  }

  /** Step keys may hold characters a directory name should not (`train[0]` is fine, `/` not). */
  private stepDir(stepKey: string): string {
    return join(this.root, encodeURIComponent(stepKey));
  }
}
