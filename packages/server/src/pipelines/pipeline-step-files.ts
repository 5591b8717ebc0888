import type { Readable } from 'node:stream';
import { SlipwayError, checkArtifactPath, isTerminalStepStatus, notFound } from '@slipway/core';
import type {
  Caller,
  PipelineLogEntry,
  PipelineLogStream,
  PipelineOutput,
  PipelineStep,
} from '@slipway/core';
import { storableText } from './finish-change.js';
import { pipelineEvent, runFor } from './pipeline-access.js';
import type { PipelineDeps } from './pipeline-access.js';
import type { PipelineBlobs } from './pipeline-blobs.js';
import { conflict, stepNotFound } from './step-rules.js';

export interface LogLimits {
  /** Log text a step keeps; then one truncation marker, and nothing more. */
  perStepBytes: number;
  /** Log text one append may carry. */
  perCallBytes: number;
}

export interface PipelineStepFilesOptions extends PipelineDeps {
  blobs: PipelineBlobs;
  /** Default 16 MiB per step, 1 MiB per call. */
  logLimits?: LogLimits | undefined;
}

const DEFAULT_LOG_LIMITS: LogLimits = { perStepBytes: 16 * 1024 * 1024, perCallBytes: 1024 * 1024 };

/**
 * What steps leave behind besides their state: output files, stored once per content in the
 * artifact store (PipelineBlobs) for the finish call to record, and logs, bounded per step so a
 * chatty step cannot fill the database. Log lines are data, not state changes: not audited.
 */
export class PipelineStepFiles {
  private readonly logLimits: LogLimits;

  constructor(private readonly deps: PipelineStepFilesOptions) {
    this.logLimits = deps.logLimits ?? DEFAULT_LOG_LIMITS;
  }

  /**
   * Stores one output file of an unfinished step (once per content); with `digest`, the content
   * must have it. Recorded on the step only by its finish.
   */
  async uploadOutput(
    caller: Caller,
    runId: string,
    stepKey: string,
    path: string,
    body: Readable | Uint8Array,
    digest?: string,
  ): Promise<PipelineOutput> {
    const info = await runFor(this.deps, caller, runId, 'update');
    const outputPath = checkArtifactPath(path);
    const step = await this.step(runId, stepKey);
    if (isTerminalStepStatus(step.status)) {
      throw conflict(
        `Step '${stepKey}' of pipeline run '${runId}' already finished as ${step.status}; its outputs are recorded.`,
      );
    }
    const blob = await this.deps.blobs.put(body, digest);
    if (blob.stored) {
      await this.deps.uow.run((s) =>
        s.audit.append([
          pipelineEvent(this.deps, caller, 'pipeline.output.store', info.pipeline, {
            runId,
            step: stepKey,
            path: outputPath,
            digest: blob.digest,
            size: blob.size,
          }),
        ]),
      );
    }
    return { path: outputPath, digest: blob.digest, size: blob.size };
  }

  /** The content of a recorded output of a step (streamed from its blob). */
  async downloadOutput(
    caller: Caller,
    runId: string,
    stepKey: string,
    path: string,
  ): Promise<Readable> {
    await runFor(this.deps, caller, runId, 'read');
    const output = (await this.step(runId, stepKey)).outputs.find((o) => o.path === path);
    if (output === undefined) {
      throw notFound(`Step '${stepKey}' of pipeline run '${runId}' has no output '${path}'.`);
    }
    return this.deps.blobs.open(output.digest);
  }

  async appendLogs(
    caller: Caller,
    runId: string,
    stepKey: string,
    entries: ReadonlyArray<{ stream: PipelineLogStream; text: string }>,
  ): Promise<{ appended: number; truncated: boolean }> {
    await runFor(this.deps, caller, runId, 'update');
    const { perCallBytes, perStepBytes } = this.logLimits;
    const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.text, 'utf8'), 0);
    if (bytes > perCallBytes) {
      throw new SlipwayError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The entries hold ${bytes} bytes of text; send at most ${perCallBytes} per call.`,
        details: { limitBytes: perCallBytes },
      });
    }
    const result = await this.deps.store.appendLogs(
      runId,
      stepKey,
      entries.map((e) => ({ stream: e.stream, text: storableText(e.text) })),
      this.deps.clock.now(),
      {
        maxBytes: perStepBytes,
        marker: `[log truncated: this step's log reached its limit of ${perStepBytes} bytes; later output is not kept]`,
      },
    );
    if (result === undefined) throw stepNotFound(runId, stepKey);
    return result;
  }

  /** Entries after `after` (default 0); `nextSeq` is what to pass as `after` to read on. */
  async readLogs(
    caller: Caller,
    runId: string,
    stepKey: string,
    request: { after?: number | undefined; limit?: number | undefined },
  ): Promise<{ entries: PipelineLogEntry[]; nextSeq: number; truncated: boolean }> {
    await runFor(this.deps, caller, runId, 'read');
    const after = request.after ?? 0;
    const read = await this.deps.store.readLogs(runId, stepKey, after, request.limit ?? 1000);
    if (read === undefined) throw stepNotFound(runId, stepKey);
    return { ...read, nextSeq: read.entries[read.entries.length - 1]?.seq ?? after };
  }

  private async step(runId: string, stepKey: string): Promise<PipelineStep> {
    const [step] = await this.deps.store.getSteps(runId, [stepKey]);
    if (step === undefined) throw stepNotFound(runId, stepKey);
    return step;
  }
}
