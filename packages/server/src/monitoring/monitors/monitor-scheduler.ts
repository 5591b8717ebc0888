import type { MonitorRecord } from '@slipway/core';
import type { BackgroundJobs } from '../../jobs/background-jobs.js';

const JOB_PREFIX = 'monitor:';

/** The background job name of a monitor's schedule (also its lease among servers). */
export function monitorJobName(monitor: string): string {
  return `${JOB_PREFIX}${monitor}`;
}

/**
 * One interval job per scheduled monitor in the server's background jobs. Each job takes a lease
 * across servers, so among servers sharing a store one of them runs a monitor per interval; every
 * server keeps the jobs (reconciled from the store), so the schedule survives any one of them.
 */
export class MonitorScheduler {
  /** Monitor name -> the interval its job was armed with. */
  private readonly armed = new Map<string, number>();
  /** Changes run one at a time: an apply and a reconcile must not arm the same job twice. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly jobs: BackgroundJobs,
    private readonly runScheduled: (name: string) => Promise<void>,
  ) {}

  /** Arms, re-arms (new interval) or disarms the job of one monitor. */
  update(name: string, record: MonitorRecord | undefined): Promise<void> {
    const next = this.queue.then(() => this.apply(name, record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Makes the jobs match the stored monitors: what another server applied or deleted too. */
  async reconcile(records: readonly MonitorRecord[]): Promise<void> {
    const byName = new Map(records.map((r) => [r.name, r]));
    for (const name of [...this.armed.keys()]) {
      if (!byName.has(name)) await this.update(name, undefined);
    }
    for (const record of records) await this.update(record.name, record);
  }

  /** The monitors with an armed job, by name. */
  scheduled(): string[] {
    return [...this.armed.keys()].sort();
  }

  private async apply(name: string, record: MonitorRecord | undefined): Promise<void> {
    const every = record?.spec.schedule?.every;
    const current = this.armed.get(name);
    if (current === every) return;
    if (current !== undefined) {
      this.armed.delete(name);
      await this.jobs.remove(monitorJobName(name));
    }
    if (every === undefined) return;
    this.jobs.every({
      name: monitorJobName(name),
      intervalMs: every,
      acrossServers: true,
      run: () => this.runScheduled(name),
    });
    this.armed.set(name, every);
  }
}
