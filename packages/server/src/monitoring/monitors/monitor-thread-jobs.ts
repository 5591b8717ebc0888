import type { MessagePort } from 'node:worker_threads';
import type { DataProfile } from '@slipway/core';
import { LruCache } from './lru-cache.js';
import type { JudgeReply, JudgeRequest, PostedJob } from './monitor-judge-thread.js';
import { messageOf } from './run-step.js';
import { readAndJudgeWindow } from './window-job.js';
import type { JobReference, WindowReader } from './window-job.js';

export interface MonitorThreadJobsOptions {
  port: MessagePort;
  /** Reads a window over the thread's own connection. */
  read: WindowReader;
  /** Closes that connection (on the main thread's `close`). */
  closeStore(): Promise<void>;
}

/**
 * The monitor thread's work (see MonitorJudgeThread): reads and judges each posted job, one at a
 * time, answering in order. Reference profiles are kept by id, so a scheduled monitor's profile is
 * posted once, not on every run. Ends with `ready` to the main thread.
 */
export function serveMonitorJobs({ port, read, closeStore }: MonitorThreadJobsOptions): void {
  const reply = (message: JudgeReply) => port.postMessage(message);
  /** As many as the main thread caches (ReferenceProfiles): a profile it still uses is here. */
  const profiles = new LruCache<number, DataProfile>(16);
  /** Jobs whose profile this thread no longer has, until it comes. */
  const waiting = new Map<number, PostedJob>();
  let closing = false;

  async function judge(id: number, job: PostedJob): Promise<void> {
    try {
      let reference: JobReference;
      if (job.reference.kind === 'profile') {
        const { profileId, profile } = job.reference;
        if (profile !== undefined) profiles.set(profileId, profile);
        const known = profile ?? profiles.get(profileId);
        if (known === undefined) {
          waiting.set(id, job);
          reply({ kind: 'need-profile', id, profileId });
          return;
        }
        reference = { kind: 'profile', profile: known };
      } else {
        reference = job.reference;
      }
      const { spec, window, suite } = job;
      const outcome = await readAndJudgeWindow(read, { spec, window, reference, suite });
      reply({ kind: 'done', id, outcome });
    } catch (err) {
      reply({ kind: 'failed', id, message: messageOf(err) });
    }
  }

  async function close(): Promise<void> {
    closing = true;
    await closeStore().catch(() => undefined);
    port.close();
  }

  port.on('message', (request: JudgeRequest) => {
    if (closing) return;
    if (request.kind === 'close') {
      void close();
      return;
    }
    if (request.kind === 'profile') {
      const job = waiting.get(request.id);
      waiting.delete(request.id);
      if (job?.reference.kind === 'profile') {
        void judge(request.id, {
          ...job,
          reference: { ...job.reference, profile: request.profile },
        });
      }
      return;
    }
    if (request.crashForTest === true) {
      // Uncaught, as a bug or an out-of-memory in judging would be.
      setImmediate(() => {
        throw new Error('crash requested by a test');
      });
      return;
    }
    void judge(request.id, request.job);
  });
  reply({ kind: 'ready' });
}
