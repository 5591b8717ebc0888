import { SlipwayError, isSlipwayError, notFound } from '@slipway/core';
import type { Caller, DeploymentStats } from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import type { ServiceClock } from '../../support/clock.js';
import type { DeploymentEntry } from './deployment-entry.js';
import type { DeploymentHost } from './deployment-host.js';
import { deploymentStats } from './deployment-stats.js';

/** Who receives a watched deployment's statistics. Calls never overlap; none follows `end`. */
export interface StatsListener {
  /** A snapshot: at once, then every interval. */
  stats(snapshot: DeploymentStats): void;
  /**
   * The server stopped the watch: the deployment was deleted (NOT_FOUND), READ was withdrawn
   * (PERMISSION_DENIED), the credentials expired or were revoked (UNAUTHENTICATED), or the server
   * is shutting down (UNAVAILABLE). Not called after stop().
   */
  end(reason: SlipwayError): void;
}

export interface StatsWatch {
  stop(): void;
}

export interface WatchOptions {
  /**
   * Who the caller is now, asked at each permission recheck: a surface re-authenticates the
   * request's credentials, so an expired or revoked token ends the watch (UNAUTHENTICATED)
   * instead of streaming on. Without it the caller of watch() is checked again.
   */
  revalidate?: (() => Promise<Caller>) | undefined;
}

export interface DeploymentStatsServiceOptions {
  host: Pick<DeploymentHost, 'entry' | 'requireEntry'>;
  access: Pick<AccessService, 'require'>;
  clock: ServiceClock;
  /** How often watchers receive a snapshot (default 1 s). */
  intervalMs?: number | undefined;
  /** How often a watcher's credentials and READ permission are checked again (default 10 s). */
  recheckMs?: number | undefined;
  onError?: ((message: string, err: unknown) => void) | undefined;
}

interface Watcher {
  caller: Caller;
  revalidate: (() => Promise<Caller>) | undefined;
  name: string;
  listener: StatsListener;
  checkedAt: number;
  checking: boolean;
}

/**
 * Live statistics of deployments (see deploymentStats): read once, or watched. Watchers share one
 * timer, running only while someone watches; each tick takes one snapshot per watched deployment
 * and hands it to its watchers. A watch ends when its owner stops it, when the deployment goes,
 * when a periodic check finds the credentials or READ gone, and at close(). Not a background job: the work
 * exists only for connected clients and is this process's own.
 */
export class DeploymentStatsService {
  private readonly host: DeploymentStatsServiceOptions['host'];
  private readonly access: DeploymentStatsServiceOptions['access'];
  private readonly clock: ServiceClock;
  private readonly intervalMs: number;
  private readonly recheckMs: number;
  private readonly onError: (message: string, err: unknown) => void;
  private readonly watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: DeploymentStatsServiceOptions) {
    this.host = options.host;
    this.access = options.access;
    this.clock = options.clock;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.recheckMs = options.recheckMs ?? 10_000;
    this.onError = options.onError ?? (() => {});
  }

  /** Needs READ on the deployment, as reading it does. */
  async get(caller: Caller, name: string): Promise<DeploymentStats> {
    const entry = await this.readable(caller, name);
    return snapshotOf(entry, this.clock.now());
  }

  /**
   * Sends `listener` the deployment's statistics now and every interval until the returned watch
   * is stopped or the server ends it. Refused (and nothing sent) without READ or for an unknown
   * deployment, exactly as `get`.
   */
  async watch(
    caller: Caller,
    name: string,
    listener: StatsListener,
    options: WatchOptions = {},
  ): Promise<StatsWatch> {
    const entry = await this.readable(caller, name);
    if (this.closed) throw shuttingDown();
    const watcher: Watcher = {
      caller,
      revalidate: options.revalidate,
      name,
      listener,
      checkedAt: this.clock.now(),
      checking: false,
    };
    this.watchers.add(watcher);
    this.timer ??= setInterval(() => this.tick(), this.intervalMs).unref();
    this.deliver(watcher, snapshotOf(entry, this.clock.now()));
    return { stop: () => this.remove(watcher) };
  }

  /** Watches open now (for tests and diagnostics). */
  get watching(): number {
    return this.watchers.size;
  }

  /** Whether the shared timer is armed (only while someone watches). */
  get ticking(): boolean {
    return this.timer !== undefined;
  }

  /** Ends every watch (UNAVAILABLE) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const watcher of [...this.watchers]) this.end(watcher, shuttingDown());
  }

  private async readable(caller: Caller, name: string): Promise<DeploymentEntry> {
    await this.access.require(caller, 'deployment', name, 'read');
    return this.host.requireEntry(name);
  }

  private tick(): void {
    const now = this.clock.now();
    const taken = new Map<string, DeploymentStats | undefined>();
    for (const watcher of [...this.watchers]) {
      if (!taken.has(watcher.name)) {
        const entry = this.host.entry(watcher.name);
        taken.set(watcher.name, entry === undefined ? undefined : snapshotOf(entry, now));
      }
      const snapshot = taken.get(watcher.name);
      if (snapshot === undefined) {
        this.end(watcher, notFound(`Deployment '${watcher.name}' was deleted.`));
        continue;
      }
      this.deliver(watcher, snapshot);
      if (now - watcher.checkedAt >= this.recheckMs) this.recheck(watcher, now);
    }
  }

  private recheck(watcher: Watcher, now: number): void {
    if (watcher.checking) return;
    watcher.checking = true;
    const check = async () => {
      const caller = (await watcher.revalidate?.()) ?? watcher.caller;
      await this.access.require(caller, 'deployment', watcher.name, 'read');
    };
    check().then(
      () => {
        watcher.checking = false;
        watcher.checkedAt = now;
      },
      (err: unknown) => {
        watcher.checking = false;
        if (isSlipwayError(err) && REFUSALS.has(err.code)) this.end(watcher, err);
        // Anything else (the store briefly unreachable) is no verdict: try again next tick.
        else this.onError(`checking a stats watcher of '${watcher.name}' failed`, err);
      },
    );
  }

  private deliver(watcher: Watcher, snapshot: DeploymentStats): void {
    try {
      watcher.listener.stats(snapshot);
    } catch (err) {
      this.remove(watcher);
      this.onError(`a stats watcher of '${watcher.name}' failed`, err);
    }
  }

  private end(watcher: Watcher, reason: SlipwayError): void {
    if (!this.remove(watcher)) return;
    try {
      watcher.listener.end(reason);
    } catch (err) {
      this.onError(`ending a stats watcher of '${watcher.name}' failed`, err);
    }
  }

  /** False when the watcher was already gone. */
  private remove(watcher: Watcher): boolean {
    const removed = this.watchers.delete(watcher);
    if (this.watchers.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return removed;
  }
}

/** Verdicts that end a watch; other failures (a store briefly unreachable) are retried. */
const REFUSALS = new Set(['PERMISSION_DENIED', 'UNAUTHENTICATED']);

function snapshotOf(entry: DeploymentEntry, now: number): DeploymentStats {
  return deploymentStats(entry, entry.live?.state, now);
}

function shuttingDown(): SlipwayError {
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message: 'The server is shutting down; reconnect to watch again.',
  });
}
