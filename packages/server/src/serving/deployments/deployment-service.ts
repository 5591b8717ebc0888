import { isDeepStrictEqual } from 'node:util';
import {
  SlipwayError,
  armMeanReward,
  createDeploymentState,
  deploymentRuntime,
  deploymentVariants,
  failedPrecondition,
  invalidArgument,
  isSlipwayError,
  notFound,
  parseDeploymentSpec,
  recordReward,
} from '@slipway/core';
import type {
  CanaryPolicy,
  CanaryState,
  DeploymentEvent,
  DeploymentRecord,
  DeploymentState,
  DeploymentStore,
  DeploymentView,
  NewDeploymentEvent,
  RandomSource,
  VariantId,
} from '@slipway/core';
import { nextToken, resolveWindow } from '../../services/paging.js';
import type { PageRequest } from '../../services/paging.js';
import { systemClock } from '../../services/service-context.js';
import type { ServiceClock } from '../../services/service-context.js';
import { judgeCanaryStep, nextCanaryCheck } from './canary-analysis.js';
import { CanaryScheduler } from './canary-scheduler.js';
import { DeploymentEntry } from './deployment-entry.js';
import type {
  DeploymentObserver,
  GroundTruthLabel,
  GroundTruthSink,
} from './deployment-observer.js';
import type { DeploymentRuntimes } from './deployment-runtimes.js';
import { SyncLoop, syncDeployments } from './deployment-sync.js';
import type { SyncReport } from './deployment-sync.js';
import { deploymentView } from './deployment-view.js';
import { KeyedLock } from './keyed-lock.js';
import { LiveDeployment } from './live-deployment.js';
import { promoteState, rollbackState } from './manual-transitions.js';
import type { StateChange } from './manual-transitions.js';
import { appliedEvent, canaryEvent, carriedRuntime, trafficWeights } from './policy-facts.js';
import { resolveVariants } from './resolve-variants.js';
import type { ModelUriResolver } from './resolve-variants.js';
import type { ServingContext } from './serve-request.js';

export interface DeploymentServiceOptions {
  clock?: ServiceClock | undefined;
  random?: RandomSource | undefined;
  observer?: DeploymentObserver | undefined;
  groundTruth?: GroundTruthSink | undefined;
  /** Request ids remembered per bandit deployment for feedback (default 100,000). */
  servedRequestCapacity?: number | undefined;
  /** Mirrored requests in flight per shadow deployment before mirrors are dropped (default 64). */
  maxShadowInFlight?: number | undefined;
  /** Failures nobody awaits: canary analysis, start-up loads, syncs, closing runtimes. */
  onBackgroundError?: ((message: string, err: unknown) => void) | undefined;
  /**
   * How often to catch up with changes other servers sharing the store made (see sync()); 0, the
   * default here, turns the timer off.
   */
  syncIntervalMs?: number | undefined;
}

export interface ApplyResult {
  deployment: DeploymentView;
  created: boolean;
  changed: boolean;
}

export interface FeedbackResult {
  requestId: string;
  variant: VariantId;
  pulls: number;
  meanReward: number | null;
}

const RECENT_EVENTS = 20;
const CONFLICT_RETRIES = 3;
const CANARY_ACTOR = 'canary-analysis';

/**
 * Deployments as a running service: applies specs (resolve, load and warm, then swap atomically),
 * keeps one live generation per deployment for the request path, runs canary analysis on a
 * schedule, records every transition as an event, and carries out promote / rollback / bandit
 * feedback. State changes of one deployment are serialised; the request path never waits on them.
 */
export class DeploymentService {
  private readonly entries = new Map<string, DeploymentEntry>();
  /** State changes of one deployment run one at a time; the request path never takes it. */
  private readonly locks = new KeyedLock();
  private readonly scheduler: CanaryScheduler;
  private readonly clock: ServiceClock;
  private readonly servedCapacity: number;
  private readonly groundTruthSink: GroundTruthSink | undefined;
  private readonly reportBackground: (message: string, err: unknown) => void;
  private readonly syncLoop: SyncLoop;
  readonly serving: ServingContext;
  private started = false;
  private closed = false;

  constructor(
    private readonly store: DeploymentStore,
    private readonly models: ModelUriResolver,
    readonly runtimes: DeploymentRuntimes,
    options: DeploymentServiceOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.servedCapacity = options.servedRequestCapacity ?? 100_000;
    this.groundTruthSink = options.groundTruth;
    this.reportBackground = options.onBackgroundError ?? (() => {});
    this.serving = {
      clock: this.clock,
      random: options.random ?? Math.random,
      observer: options.observer ?? {},
      maxShadowInFlight: options.maxShadowInFlight ?? 64,
      onObserverError: (err) => this.reportBackground('a deployment observer failed', err),
    };
    this.scheduler = new CanaryScheduler(
      (name) => this.analyzeCanary(name),
      () => this.clock.now(),
      (name, err) => this.reportBackground(`canary analysis of '${name}' failed`, err),
    );
    this.syncLoop = new SyncLoop(
      options.syncIntervalMs ?? 0,
      () => this.sync(),
      (err) => this.reportBackground('syncing deployments with the store failed', err),
    );
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
    this.syncLoop.start();
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

  /** Creates or updates a deployment from a spec (already parsed from JSON or YAML). */
  async apply(input: unknown, actor: string): Promise<ApplyResult> {
    const spec = parseDeploymentSpec(input);
    return this.mutate(spec.name, async () => {
      const existing = await this.store.get(spec.name);
      const resolved = await resolveVariants(this.models, spec);
      const current = this.entries.get(spec.name);
      if (
        existing !== undefined &&
        current?.live !== undefined &&
        isDeepStrictEqual(existing.spec, spec) &&
        isDeepStrictEqual(existing.resolved, resolved)
      ) {
        return { deployment: await this.view(current), created: false, changed: false };
      }
      const leases = await this.runtimes.acquireAll(spec, resolved);
      let record: DeploymentRecord;
      let state: DeploymentState;
      try {
        const now = this.clock.now();
        const carried =
          existing === undefined ? undefined : carriedRuntime(existing, spec, resolved);
        state = createDeploymentState(
          spec,
          resolved,
          carried === undefined ? { now } : { now, runtime: carried },
        );
        const event = appliedEvent(
          existing,
          spec,
          resolved,
          state,
          carried === undefined,
          actor,
          now,
        );
        const audit = { actor, time: now };
        const runtime = deploymentRuntime(state);
        record =
          existing === undefined
            ? await this.store.create({ name: spec.name, spec, resolved, runtime }, audit, [event])
            : await this.store.update(
                spec.name,
                existing.revision,
                { spec, resolved, runtime },
                audit,
                [event],
              );
      } catch (err) {
        for (const lease of leases.values()) lease.release();
        throw err;
      }
      const entry = this.install(record, new LiveDeployment(state, leases));
      return { deployment: await this.view(entry), created: existing === undefined, changed: true };
    });
  }

  async get(name: string): Promise<DeploymentView> {
    return this.view(await this.requireEntry(name));
  }

  /** The deployments this server holds, by name. */
  async list(): Promise<DeploymentView[]> {
    const now = this.clock.now();
    return [...this.entries.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((entry) => deploymentView(entry, entry.live?.state, now));
  }

  async delete(name: string, actor: string): Promise<void> {
    await this.mutate(name, async () => {
      const record = await this.store.get(name);
      const entry = this.entries.get(name);
      if (record === undefined && entry === undefined)
        throw notFound(`No deployment named '${name}'.`);
      if (record !== undefined) {
        const now = this.clock.now();
        await this.store.delete(name, undefined, { actor, time: now }, [
          {
            time: now,
            action: 'deleted',
            reason: `deleted by ${actor}`,
            actor,
            details: { resolved: record.resolved, revision: record.revision },
          },
        ]);
      }
      this.forget(name);
    });
  }

  /** Canary: all traffic to the candidate now. Blue-green: the preview goes live. */
  async promote(name: string, actor: string): Promise<DeploymentView> {
    const { entry } = await this.transition(name, actor, (state, now) =>
      promoteState(name, state, now, actor),
    );
    return this.view(entry);
  }

  /** Canary: all traffic back to the stable model. Blue-green: undo the last switch. */
  async rollback(name: string, actor: string): Promise<DeploymentView> {
    const { entry } = await this.transition(name, actor, (state, now) =>
      rollbackState(name, state, now, actor),
    );
    return this.view(entry);
  }

  /** A reward for the bandit variant that served `requestId` (remembered for recent requests). */
  async feedback(
    name: string,
    requestId: string,
    reward: number,
    actor: string,
  ): Promise<FeedbackResult> {
    const entry = await this.requireEntry(name);
    const state = this.liveState(entry);
    if (state.type !== 'bandit') {
      throw failedPrecondition(
        `Deployment '${name}' has a ${state.type} policy; feedback is for bandit deployments.`,
      );
    }
    // Checks the reward against the range before the request id is used up.
    recordReward(state.bandit, state.bandit.arms[0]?.id ?? '', reward);
    const served = entry.served?.take(requestId);
    if (served === undefined) {
      throw notFound(
        `Deployment '${name}' has no record of request '${requestId}': feedback must name a request it served recently (it remembers the last ${this.servedCapacity}), once.`,
      );
    }
    const { state: next } = await this.transition(name, actor, (current) => {
      if (current.type !== 'bandit')
        throw failedPrecondition(`Deployment '${name}' is no longer a bandit.`);
      return {
        state: { ...current, bandit: recordReward(current.bandit, served.variant, reward) },
        events: [],
      };
    });
    const arm =
      next.type === 'bandit'
        ? next.bandit.arms.find((candidate) => candidate.id === served.variant)
        : undefined;
    return {
      requestId,
      variant: served.variant,
      pulls: arm?.pulls ?? 0,
      meanReward: arm === undefined ? null : (armMeanReward(arm) ?? null),
    };
  }

  /** Hands labels to the prediction log, which joins them to logged predictions by request id. */
  async groundTruth(
    name: string,
    labels: readonly GroundTruthLabel[],
  ): Promise<{ accepted: number }> {
    await this.requireEntry(name);
    if (this.groundTruthSink === undefined) {
      throw failedPrecondition(
        'Ground truth needs the prediction log, which is not enabled on this server.',
      );
    }
    if (labels.length === 0) throw invalidArgument('No labels given.');
    return this.groundTruthSink.attach(name, labels);
  }

  async events(
    name: string,
    request: PageRequest,
  ): Promise<{ events: DeploymentEvent[]; nextPageToken?: string | undefined }> {
    const window = resolveWindow(request, { deploymentEvents: name }, { default: 100, max: 1000 });
    const page = await this.store.listEvents(name, window);
    return { events: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /** The in-memory entry serving `name`, for the inference resolver. */
  entry(name: string): DeploymentEntry | undefined {
    return this.entries.get(name);
  }

  entryList(): DeploymentEntry[] {
    return [...this.entries.values()];
  }

  /** Loads a deployment that was unloaded or failed to load (the protocol's repository load). */
  async load(name: string): Promise<void> {
    await this.mutate(name, async () => {
      const entry = await this.requireEntry(name);
      if (entry.live === undefined)
        await this.adopt(name, (await this.store.get(name)) ?? entry.record);
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
      this.scheduler.cancel(name);
      live?.retire();
    });
  }

  /**
   * Judges the current canary step once it is due: advance, promote or roll back (persisted with
   * the verdict as the event's reason), or hold and look again later.
   */
  async analyzeCanary(name: string): Promise<void> {
    await this.mutate(name, async () => {
      const entry = this.entries.get(name);
      const live = entry?.live;
      if (entry === undefined || live === undefined || live.state.type !== 'canary') return;
      const state = live.state;
      const now = this.clock.now();
      const update = judgeCanaryStep(state.policy, state.canary, entry.stats.get('candidate'), now);
      entry.canaryStatus = update.status;
      if (update.transition === undefined) {
        this.scheduleCanary(name, state.policy, update.state, now);
        return;
      }
      try {
        await this.commit(
          entry,
          live,
          { ...state, canary: update.state },
          [canaryEvent(update.transition, CANARY_ACTOR)],
          CANARY_ACTOR,
        );
      } catch (err) {
        // Another server judged the step first (expected with several servers): take its verdict,
        // which also re-arms the timer for the step it began.
        if (isSlipwayError(err) && err.code === 'CONFLICT') {
          await this.refresh(name);
          return;
        }
        this.scheduleCanary(name, state.policy, state.canary, now);
        throw err;
      }
    });
  }

  /** Stops the scheduler and closes every runtime (requests in flight finish first). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    await this.syncLoop.stop();
    // A change under way (an apply loading models, say) finishes first, so nothing it loads leaks.
    await this.locks.settled();
    for (const entry of this.entries.values()) {
      entry.live?.retire();
      entry.live = undefined;
    }
    await this.runtimes.closeAll();
  }

  private async transition(
    name: string,
    actor: string,
    change: (state: DeploymentState, now: number) => StateChange,
  ): Promise<{ entry: DeploymentEntry; state: DeploymentState }> {
    return this.mutate(name, async () => {
      for (let attempt = 0; ; attempt += 1) {
        const entry = await this.requireEntry(name);
        const live = entry.live;
        const state = this.liveState(entry);
        const next = change(state, this.clock.now());
        try {
          await this.commit(entry, live as LiveDeployment, next.state, next.events, actor);
          return { entry, state: next.state };
        } catch (err) {
          if (!(isSlipwayError(err) && err.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES)
            throw err;
          // Another server changed it: take its version and apply the change on top.
          await this.refresh(name);
        }
      }
    });
  }

  private async commit(
    entry: DeploymentEntry,
    live: LiveDeployment,
    state: DeploymentState,
    events: readonly NewDeploymentEvent[],
    actor: string,
  ): Promise<void> {
    const record = await this.store.update(
      entry.name,
      entry.record.revision,
      { runtime: deploymentRuntime(state) },
      { actor, time: this.clock.now() },
      events,
    );
    this.install(record, live.withState(state));
  }

  /** Re-reads a deployment from the store and adopts what it finds (see adopt). */
  private async refresh(name: string): Promise<void> {
    await this.adopt(name, await this.store.get(name));
  }

  /**
   * Makes this server hold `record` (undefined: deleted). Unchanged versions keep their loaded
   * runtimes; new ones load while the current generation serves and are swapped in whole.
   */
  private async adopt(name: string, record: DeploymentRecord | undefined): Promise<void> {
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
    const target = entry ?? new DeploymentEntry(record, this.servedCapacity);
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
      this.scheduler.cancel(name);
      throw err;
    }
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

  /** Stops serving a deployment that no longer exists. */
  private forget(name: string): void {
    const entry = this.entries.get(name);
    this.entries.delete(name);
    this.scheduler.cancel(name);
    entry?.live?.retire();
    const { observer } = this.serving;
    this.notify(() => observer.onDeleted?.(name));
  }

  /** Makes `live` the generation that serves, and retires the one before it. */
  private install(record: DeploymentRecord, live: LiveDeployment): DeploymentEntry {
    let entry = this.entries.get(record.name);
    if (entry === undefined) {
      entry = new DeploymentEntry(record, this.servedCapacity);
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
    this.scheduleCanary(
      record.name,
      state.type === 'canary' ? state.policy : undefined,
      state.type === 'canary' ? state.canary : undefined,
      this.clock.now(),
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

  private scheduleCanary(
    name: string,
    policy: CanaryPolicy | undefined,
    canary: CanaryState | undefined,
    now: number,
  ): void {
    const at =
      policy === undefined || canary === undefined
        ? undefined
        : nextCanaryCheck(policy, canary, now);
    if (at === undefined) this.scheduler.cancel(name);
    else this.scheduler.schedule(name, at);
  }

  private async view(entry: DeploymentEntry): Promise<DeploymentView> {
    const events = await this.store.recentEvents(entry.name, RECENT_EVENTS);
    return deploymentView(entry, entry.live?.state, this.clock.now(), events);
  }

  /** The entry, loading it when another server created it since this one started. */
  private async requireEntry(name: string): Promise<DeploymentEntry> {
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

  private liveState(entry: DeploymentEntry): DeploymentState {
    const live = entry.live;
    if (live === undefined) {
      throw failedPrecondition(
        `Deployment '${entry.name}' is ${entry.status}${entry.statusMessage ? ` (${entry.statusMessage})` : ''}; load it or apply its spec again first.`,
      );
    }
    return live.state;
  }

  /** Runs a state change of one deployment after the ones before it; refused once closing. */
  private mutate<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new SlipwayError({ code: 'UNAVAILABLE', message: 'The server is shutting down.' }),
      );
    }
    return this.locks.run(name, work);
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
function sameVersions(a: DeploymentRecord, b: DeploymentRecord): boolean {
  return isDeepStrictEqual(a.spec, b.spec) && isDeepStrictEqual(a.resolved, b.resolved);
}
