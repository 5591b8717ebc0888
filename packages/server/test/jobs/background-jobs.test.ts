import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { BackgroundJobs } from '../../src/jobs/background-jobs.js';
import { silentLogger } from '../../src/logging/logger.js';
import { SqlJobLeaseStore } from '../../src/storage/sql/job-lease-store.js';
import { eventually } from '../prediction-log/logger-fixtures.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

/** A logger whose JSON lines are kept, to see what jobs report. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background jobs', () => {
  it('never overlap the runs of one job, however slow a run is', async () => {
    const jobs = new BackgroundJobs({ logger: silentLogger() });
    let running = 0;
    let most = 0;
    let runs = 0;
    jobs.every({
      name: 'slow',
      intervalMs: 1,
      runAtStart: true,
      run: async () => {
        running += 1;
        most = Math.max(most, running);
        await delay(15);
        running -= 1;
        runs += 1;
      },
    });
    await eventually(() => runs >= 3);
    await jobs.stop();
    expect(most).toBe(1);
    const stoppedAt = runs;
    await delay(40);
    expect(runs).toBe(stoppedAt);
  });

  it('log a failing run with the job name and keep the schedule', async () => {
    const { logger, lines } = capturingLogger();
    const jobs = new BackgroundJobs({ logger });
    let calls = 0;
    jobs.every({
      name: 'flaky',
      intervalMs: 2,
      runAtStart: true,
      run: async () => {
        calls += 1;
        throw new Error('store is locked');
      },
    });
    await eventually(() => calls >= 3);
    await jobs.stop();
    const failures = lines.filter((line) => line['job'] === 'flaky');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]?.['level']).toBe(50);
    expect(JSON.stringify(failures[0])).toContain('store is locked');
    await expect(jobs.runNow('missing')).rejects.toThrow(/No background job missing/);
  });

  it('refuse two jobs with one name and new jobs once stopped', async () => {
    const jobs = new BackgroundJobs({ logger: silentLogger() });
    jobs.every({ name: 'x', intervalMs: 1000, run: async () => undefined });
    expect(() => jobs.every({ name: 'x', intervalMs: 1000, run: async () => undefined })).toThrow(
      /already exists/,
    );
    await jobs.stop();
    expect(() => jobs.every({ name: 'y', intervalMs: 1000, run: async () => undefined })).toThrow(
      /stopped/,
    );
  });

  it('run a keyed timer once at its time, replace it when re-armed, and cancel it', async () => {
    let now = 1_000;
    const jobs = new BackgroundJobs({ logger: silentLogger(), clock: { now: () => now } });
    const fired: string[] = [];
    jobs.at('canary-step', 'a', now + 10_000, async () => {
      fired.push('a-late');
    });
    // Re-armed for a time already past: runs at once, and only this one.
    jobs.at('canary-step', 'a', now - 1, async () => {
      fired.push('a-now');
    });
    jobs.at('canary-step', 'b', now - 1, async () => {
      fired.push('b');
    });
    jobs.cancel('canary-step', 'b');
    await eventually(() => fired.length >= 1);
    await delay(20);
    expect(fired).toEqual(['a-now']);
    now += 20_000;
    expect(jobs.scheduled('canary-step')).toEqual([]);
    await jobs.stop();
  });

  it('wait for a run under way when stopping', async () => {
    const jobs = new BackgroundJobs({ logger: silentLogger() });
    let finished = false;
    jobs.at('work', 'k', 0, async () => {
      await delay(30);
      finished = true;
    });
    await delay(5);
    await jobs.stop();
    expect(finished).toBe(true);
  });

  for (const backend of SQL_BACKENDS) {
    it(`run an acrossServers job on one of the servers sharing a ${backend.name} store`, async () => {
      const { database, dispose } = await backend.create();
      try {
        const leases = new SqlJobLeaseStore(database);
        const counts = new Map<string, number>();
        const servers = ['a', 'b', 'c'].map((holder) => {
          const jobs = new BackgroundJobs({ logger: silentLogger(), leases, holder });
          jobs.every({
            name: 'shared',
            intervalMs: 60_000,
            acrossServers: true,
            run: async () => {
              counts.set(holder, (counts.get(holder) ?? 0) + 1);
            },
          });
          return jobs;
        });
        const ran = await Promise.all(servers.map((jobs) => jobs.runNow('shared')));
        expect(ran.filter(Boolean)).toHaveLength(1);
        expect([...counts.values()]).toEqual([1]);
        await Promise.all(servers.map((jobs) => jobs.stop()));
      } finally {
        await database.close();
        await delay(50);
        await dispose();
      }
    });
  }
});
