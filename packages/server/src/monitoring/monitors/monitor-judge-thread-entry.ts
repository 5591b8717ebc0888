/**
 * Entry point of the monitor judging thread: judges one packed window at a time (see
 * MonitorJudgeThread), answering in order. Reference profiles are kept by id, so a scheduled
 * monitor's profile is posted once, not on every run.
 */
import { parentPort } from 'node:worker_threads';
import type { DataProfile } from '@slipway/core';
import { judgeWindow } from './judge-window.js';
import type { WindowReference } from './judge-window.js';
import { LruCache } from './lru-cache.js';
import type { JudgeReply, JudgeRequest, PackedJob } from './monitor-judge-thread.js';
import { unpackRows } from './packed-rows.js';

const port = parentPort;
if (port === null) throw new Error('monitor-judge-thread-entry must run as a worker thread');

/** As many as the main thread caches (ReferenceProfiles): a profile it still uses is here. */
const profiles = new LruCache<number, DataProfile>(16);
/** Jobs whose profile this thread no longer has, until it comes. */
const waiting = new Map<number, PackedJob>();

function reply(message: JudgeReply): void {
  port?.postMessage(message);
}

function judge(id: number, job: PackedJob): void {
  try {
    let reference: WindowReference;
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
      const { rows, description } = job.reference;
      reference = { kind: 'traffic', rows: unpackRows(rows), description };
    }
    const results = judgeWindow({
      spec: job.spec,
      versions: job.versions,
      rows: unpackRows(job.rows),
      reference,
      suite: job.suite,
    });
    reply({ kind: 'done', id, results });
  } catch (err) {
    reply({ kind: 'failed', id, message: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (request: JudgeRequest) => {
  if (request.kind === 'profile') {
    const job = waiting.get(request.id);
    waiting.delete(request.id);
    if (job?.reference.kind === 'profile') {
      judge(request.id, { ...job, reference: { ...job.reference, profile: request.profile } });
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
  judge(request.id, request.job);
});
reply({ kind: 'ready' });
