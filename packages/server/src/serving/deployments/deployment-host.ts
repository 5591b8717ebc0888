import { isDeepStrictEqual } from 'node:util';
import {
  SlipwayError,
  createDeploymentState,
  deploymentVariants,
  failedPrecondition,
  notFound,
} from '@slipway/core';
import type {
  CanaryPolicy,
  CanaryState,
  DeploymentRecord,
  DeploymentState,
  DeploymentStore,
  DeploymentView,
  RandomSource,
} from '@slipway/core';
import { systemClock } from '../../support/clock.js';
import type { ServiceClock } from '../../support/clock.js';
import { KeyedLock } from '../../support/keyed-lock.js';
import { nextCanaryCheck } from './canary-analysis.js';
import { DeploymentEntry } from './deployment-entry.js';
import type { DeploymentObserver } from './deployment-observer.js';
import type { DeploymentRuntimes } from './deployment-runtimes.js';
import { syncDeployments } from './deployment-sync.js';
import type { SyncReport } from './deployment-sync.js';
import { deploymentView } from './deployment-view.js';
import { LiveDeployment } from './live-deployment.js';
import { trafficWeights } from './policy-facts.js';
import type { ServingContext } from './serve-request.js';

/** What hosting reads of the deployment store; every write goes through the control plane. */
export type DeploymentReader = Pick<
  DeploymentStore,
  'list' | 'get' | 'listRevisions' | 'recentEvents'
>;

export interface DeploymentHostOptions {
  clock?: ServiceClock | undefined;
  random?: RandomSource | undefined;
  observer?: DeploymentObserver | undefined;
  /** Request ids remembered per bandit deployment for feedback (default 100,000). */
  servedRequestCapacity?: number | undefined;
  /** Mirrored requests in flight per shadow deployment before mirrors are dropped (default 64). */
  maxShadowInFlight?: number | undefined;
  /** Failures nobody awaits: start-up loads, syncs, observers. */
  onBackgroundError?: ((message: string, err: unknown) => void) | undefined;
  /**
   * Arms (a time, ms since the epoch) or cancels (undefined) the analysis of a canary's current
   * step; the control plane judges it (see DeploymentService.analyzeCanary).
   */
  scheduleCanary?: ((deployment: string, at: number | undefined) => void) | undefined;
}

const RECENT_EVENTS = 20;

/**
 * Runtime hosting of deployments on this server: one live generation per deployment for the
 * request path, loaded from the store at start, swapped whole when versions change (new runtimes
 * load and warm while the current ones serve), kept in step with other servers by `sync`, loaded
 * and unloaded through the model repository API. State changes of one deployment run one at a
 * time (`mutate`); the request path never waits on them.
 */
export class DeploymentHost {
  private readonly entries = new Map<string, DeploymentEntry>();
  private readonly locks = new KeyedLock();
  private readonly clock: ServiceClock;
  readonly servedCapacity: number;
  private readonly reportBackground: (message: string, err: unknown) => void;
  private readonly scheduleCanaryCheck: (deployment: string, at: number | undefined) => void;
  readonly serving: ServingContext;
  private started = false;
  private closed = false;

  constructor(
    private readonly store: DeploymentReader,
    readonly runtimes: DeploymentRuntimes,
    options: DeploymentHostOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.servedCapacity = options.servedRequestCapacity ?? 100_000;
    this.reportBackground = options.onBackgroundError ?? (() => {});
    this.scheduleCanaryCheck = options.scheduleCanary ?? (() => {});
    this.serving = {
      clock: this.clock,
      random: options.random ?? Math.random,
      observer: options.observer ?? {},
      maxShadowInFlight: options.maxShadowInFlight ?? 64,
      onObserverError: (err) => this.reportBackground('a deployment observer failed', err),
    };
  }

  /** True once start() has loaded the stored deployments, until close(). */
  get ready(): boolean {
    return this.started && !this.closed;
  }

  /**
   * Loads every stored deployment with its persisted versions and runtime state (aliases are not
   * re-resolved: a restart must not change what serves). A deployment that fails to load is kept
   * as `failed` with the reason; the others serve.
   */
  async start(): Promise<void> {
    const records = await this.store.list();
    await Promise.all(
      records.map((record) =>
        this.adopt(record.name, record).catch((err: unknown) => {
          this.reportBackground(`deployment '${record.name}' failed to load`, err);
        }),
      ),
    );
    this.started = true;
  }

  /**
   * Catches up with what other servers sharing the store changed (see syncDeployments): new
   * versions load while the current ones serve, a runtime-only change reuses the loaded runtimes,
   * a deleted deployment stops serving; an unloaded or failed one stays so until its revision
   * changes. One cheap query when nothing changed.
   */
  async sync(): Promise<SyncReport> {
    if (!this.ready) return { refreshed: [], removed: [], failed: [] };
    return syncDeployments({
      listRevisions: () => this.store.listRevisions(),
      held: () => this.entries,
      read: (name) => this.store.get(name),
      adopt: (name, record) => this.adopt(name, record),
      lock: (name, work) => this.mutate(name, work),
      closed: () => this.closed,
      onError: (name, err) => this.reportBackground(`deployment '${name}' failed to sync`, err),
    });
  }

  /** The in-memory entry serving `name`, for the request path. */
  entry(name: string): DeploymentEntry | undefined {
    return this.entries.get(name);
  }

  entryList(): DeploymentEntry[] {
    return [...this.entries.values()];
  }

  /** The entry, loading it when another server created it since this one started. */
  async requireEntry(name: string): Promise<DeploymentEntry> {
    const entry = this.entries.get(name);
    if (entry !== undefined) return entry;
    const record = await this.store.get(name);
    if (record === undefined) throw notFound(`No deployment named '${name}'.`);
    await this.adopt(name, record).catch((err: unknown) => {
      this.reportBackground(`deployment '${name}' failed to load`, err);
    });
    const created = this.entries.get(name);
    if (created === undefined) throw notFound(`No deployment named '${name}'.`);
    return created;
  }

  /** The views of the deployments this server holds, by name. */
  views(): DeploymentView[] {
    const now = this.clock.now();
    return [...this.entries.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((entry) => deploymentView(entry, entry.live?.state, now));
  }

  /** A deployment as the API shows it, with its recent events. */
  async view(entry: DeploymentEntry): Promise<DeploymentView> {
    const events = await this.store.recentEvents(entry.name, RECENT_EVENTS);
    return deploymentView(entry, entry.live?.state, this.clock.now(), events);
  }

  /** Loads a deployment that was unloaded or failed to load (the protocol's repository load). */
  async load(name: string): Promise<void> {
    await this.mutate(name, async () => {
      const entry = await this.requireEntry(name);
      if (entry.live === undefined) {
        await this.adopt(name, (await this.store.get(name)) ?? entry.record);
      }
    });
  }

  /** Lets go of a deployment's models (it answers 503 until loaded again); nothing is persisted. */
  async unload(name: string): Promise<void> {
    await this.mutate(name, async () => {
      const entry = await this.requireEntry(name);
      const live = entry.live;
      entry.live = undefined;
      entry.status = 'unloaded';
      entry.statusMessage = 'unloaded through the model repository API';
      this.scheduleCanaryCheck(name, undefined);
      live?.retire();
    });
  }

  /** Stops every runtime (requests in flight finish first); changes under way finish before. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A change under way (an apply loading models, say) finishes first, so nothing it loads leaks.
    await this.locks.settled();
    for (const entry of this.entries.values()) {
      entry.live?.retire();
      entry.live = undefined;
      this.scheduleCanaryCheck(entry.name, undefined);
    }
    await this.runtimes.closeAll();
  }

  /** Runs a state change of one deployment after the ones before it; refused once closing. */
  mutate<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new SlipwayError({ code: 'UNAVAILABLE', message: 'The server is shutting down.' }),
      );
    }
    return this.locks.run(name, work);
  }

  /** The state serving now; FAILED_PRECONDITION when nothing serves (loading, failed, unloaded). */
  liveState(entry: DeploymentEntry): DeploymentState {
    const live = entry.live;
    if (live === undefined) {
      throw failedPrecondition(
        `Deployment '${entry.name}' is ${entry.status}${entry.statusMessage ? ` (${entry.statusMessage})` : ''}; load it or apply its spec again first.`,
      );
    }
    return live.state;
  }

  /** Re-reads a deployment from the store and adopts what it finds (see adopt). */
  async refresh(name: string): Promise<void> {
    await this.adopt(name, await this.store.get(name));
  }

  /**
   * Makes this server hold `record` (undefined: deleted). Unchanged versions keep their loaded
   * runtimes; new ones load while the current generation serves and are swapped in whole.
   */
  async adopt(name: string, record: DeploymentRecord | undefined): Promise<void> {
    const entry = this.entries.get(name);
    if (record === undefined) {
      if (entry !== undefined) this.forget(name);
      return;
    }
    const live = entry?.live;
    if (entry !== undefined && live !== undefined && sameVersions(entry.record, record)) {
      this.install(record, live.withState(this.stateOf(record)));
      return;
    }
    const target = entry ?? new DeploymentEntry(record, this.servedCapacity, this.clock);
    this.entries.set(name, target);
    if (live === undefined) {
      target.status = 'loading';
      target.statusMessage = undefined;
    }
    try {
      this.install(record, await this.loadGeneration(record));
    } catch (err) {
      if (live !== undefined) {
        // Another server moved the deployment to versions this one cannot load (an artifact it
        // cannot reach, say): keep answering with the generation it has rather than going dark,
        // and keep the older record, so the next sync pass tries again. Changes made here still
        // carry the older revision, which the store refuses, so none lands on a stale state.
        target.statusMessage = `serving revision ${target.record.revision}; revision ${record.revision} cannot be loaded here: ${err instanceof Error ? err.message : String(err)}`;
        throw err;
      }
      // Nothing served yet (start-up, a deployment new to this server): as after a restart, the
      // entry holds the record it cannot serve.
      const versionsChanged = !sameVersions(target.record, record);
      target.record = record;
      if (versionsChanged) target.resetCounters();
      target.live = undefined;
      target.status = 'failed';
      target.statusMessage = err instanceof Error ? err.message : String(err);
      this.scheduleCanaryCheck(name, undefined);
      throw err;
    }
  }

  /** Stops serving a deployment that no longer exists. */
  forget(name: string): void {
    const entry = this.entries.get(name);
    this.entries.delete(name);
    this.scheduleCanaryCheck(name, undefined);
    entry?.live?.retire();
    const { observer } = this.serving;
    this.notify(() => observer.onDeleted?.(name));
  }

  /** Makes `live` the generation that serves, and retires the one before it. */
  install(record: DeploymentRecord, live: LiveDeployment): DeploymentEntry {
    let entry = this.entries.get(record.name);
    if (entry === undefined) {
      entry = new DeploymentEntry(record, this.servedCapacity, this.clock);
      this.entries.set(record.name, entry);
    } else {
      const versionsChanged = !sameVersions(entry.record, record);
      entry.record = record;
      if (versionsChanged) entry.resetCounters();
    }
    const previous = entry.live;
    entry.live = live;
    entry.status = 'ready';
    entry.statusMessage = undefined;
    const first = deploymentVariants(record.spec.policy)[0];
    if (first !== undefined) entry.metadata = live.runtime(first.id).metadata;
    if (previous !== live) previous?.retire();
    const { state } = live;
    this.armCanary(
      record.name,
      state.type === 'canary' ? state.policy : undefined,
      state.type === 'canary' ? state.canary : undefined,
    );
    const { observer } = this.serving;
    if (observer.onStateChange !== undefined) {
      this.notify(() =>
        observer.onStateChange?.({
          deployment: record.name,
          policy: state.type,
          // Estimating a bandit's shares takes thousands of draws: only for observers that ask.
          get weights() {
            return trafficWeights(state);
          },
          phase: state.type === 'canary' ? state.canary.phase : undefined,
        }),
      );
    }
    return entry;
  }

  /** Arms the analysis of a canary's current step (or cancels it when it has none due). */
  armCanary(name: string, policy: CanaryPolicy | undefined, canary: CanaryState | undefined) {
    const at =
      policy === undefined || canary === undefined
        ? undefined
        : nextCanaryCheck(policy, canary, this.clock.now());
    this.scheduleCanaryCheck(name, at);
  }

  /** A generation of the record's versions, every runtime loaded, with its persisted state. */
  private async loadGeneration(record: DeploymentRecord): Promise<LiveDeployment> {
    const leases = await this.runtimes.acquireAll(record.spec, record.resolved);
    try {
      return new LiveDeployment(this.stateOf(record), leases);
    } catch (err) {
      for (const lease of leases.values()) lease.release();
      throw err;
    }
  }

  private stateOf(record: DeploymentRecord): DeploymentState {
    return createDeploymentState(record.spec, record.resolved, {
      now: this.clock.now(),
      runtime: record.runtime,
    });
  }

  private notify(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.serving.onObserverError(err);
    }
  }
}

/** The same spec and the same resolved versions: only the runtime state may differ. */
export function sameVersions(a: DeploymentRecord, b: DeploymentRecord): boolean {
  return isDeepStrictEqual(a.spec, b.spec) && isDeepStrictEqual(a.resolved, b.resolved);
}
