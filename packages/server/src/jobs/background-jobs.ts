import { randomUUID } from 'node:crypto';
import type { JobLeaseStore } from '@slipway/core';
import type { Logger } from '../logging/logger.js';
import { systemClock } from '../support/clock.js';
import type { ServiceClock } from '../support/clock.js';
import { IntervalJob } from './interval-job.js';
import type { IntervalJobSpec, JobHandle } from './interval-job.js';
import { KeyedTimers } from './keyed-timers.js';

export interface BackgroundJobsOptions {
  logger: Logger;
  clock?: ServiceClock | undefined;
  /** Where jobs that run once across servers take their lease; without it they run here. */
  leases?: JobLeaseStore | undefined;
  /** This process's name in leases (default: a random id). */
  holder?: string | undefined;
}

/**
 * The one home for background work in a server process: periodic jobs (retention, deployment
 * sync, and later monitor schedules and pipeline dispatch) and keyed one-shot timers (canary
 * steps). Every job calls services; a failure is logged with the job's name and never stops the
 * schedule; timers never keep the process alive; `stop()` lets running work finish.
 *
 * A job marked `acrossServers` takes a lease in the shared store first (held for one interval), so
 * among servers sharing a store one of them runs it per interval; jobs about this process's own
 * state (deployment sync) run on every server.
 */
export class BackgroundJobs {
  private readonly jobs = new Map<string, IntervalJob>();
  private readonly timers: KeyedTimers;
  private readonly logger: Logger;
  private readonly clock: ServiceClock;
  private readonly leases: JobLeaseStore | undefined;
  readonly holder: string;
  private stopped = false;

  constructor(options: BackgroundJobsOptions) {
    this.logger = options.logger.child({ module: 'jobs' });
    this.clock = options.clock ?? systemClock;
    this.leases = options.leases;
    this.holder = options.holder ?? randomUUID();
    this.timers = new KeyedTimers(this.clock, (job, key, err) =>
      this.logger.error({ job, key, err }, `background job ${job} (${key}) failed`),
    );
  }

  /** Runs `spec.run` every `spec.intervalMs` (and once soon after start when `runAtStart`). */
  every(spec: IntervalJobSpec): JobHandle {
    if (this.stopped) throw new Error(`Background jobs are stopped; cannot add ${spec.name}.`);
    if (this.jobs.has(spec.name)) throw new Error(`Background job ${spec.name} already exists.`);
    const job = new IntervalJob(spec, {
      acquire: spec.acrossServers ? (ttlMs) => this.acquire(spec.name, ttlMs) : undefined,
      onError: (err) =>
        this.logger.error({ job: spec.name, err }, `background job ${spec.name} failed`),
    });
    this.jobs.set(spec.name, job);
    job.start();
    return job;
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  /** Stops a periodic job and forgets it, so its name can be scheduled again (e.g. a new interval). */
  async remove(name: string): Promise<void> {
    const job = this.jobs.get(name);
    this.jobs.delete(name);
    await job?.stop();
  }

  /**
   * Runs a periodic job now (or joins its run under way): false when another server holds its
   * lease. NOT_FOUND-like error when there is no such job.
   */
  runNow(name: string): Promise<boolean> {
    const job = this.jobs.get(name);
    if (job === undefined) return Promise.reject(new Error(`No background job ${name}.`));
    return job.runNow();
  }

  /**
   * Runs `run` at time `at` (ms since the epoch; past times run at once) under `job`/`key`,
   * replacing a timer already armed for that key.
   */
  at(job: string, key: string, at: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    this.timers.schedule(job, key, at, run);
  }

  cancel(job: string, key: string): void {
    this.timers.cancel(job, key);
  }

  /** The keys with an armed timer under `job`. */
  scheduled(job: string): string[] {
    return this.timers.keys(job);
  }

  /** No job starts after this; resolves once the runs under way have settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.jobs.values()].map((job) => job.stop()));
    await this.timers.stop();
  }

  private async acquire(name: string, ttlMs: number): Promise<boolean> {
    if (this.leases === undefined) return true;
    return this.leases.tryAcquire(name, this.holder, this.clock.now(), ttlMs);
  }
}
