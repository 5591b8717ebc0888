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
  /** Failures nobody awaits: canary analysis, start-up loads, closing runtimes. */
  onBackgroundError?: ((message: string, err: unknown) => void) | undefined;
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
      records.map(async (record) => {
        const entry = new DeploymentEntry(record, this.servedCapacity);
        this.entries.set(record.name, entry);
        await this.loadEntry(entry).catch((err: unknown) => {
          this.reportBackground(`deployment '${record.name}' failed to load`, err);
        });
      }),
    );
    this.started = true;
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
      this.entries.delete(name);
      this.scheduler.cancel(name);
      entry?.live?.retire();
      const { observer } = this.serving;
      this.notify(() => observer.onDeleted?.(name));
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
      if (entry.live !== undefined) return;
      const record = await this.store.get(name);
      if (record !== undefined) entry.record = record;
      await this.loadEntry(entry);
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
        // Keep the canary under watch: take another server's change, or try again later.
        if (isSlipwayError(err) && err.code === 'CONFLICT') await this.refresh(name);
        else this.scheduleCanary(name, state.policy, state.canary, now);
        throw err;
      }
    });
  }

  /** Stops the scheduler and closes every runtime (requests in flight finish first). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
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

  /** Re-reads a deployment from the store, reusing loaded runtimes when its versions are unchanged. */
  private async refresh(name: string): Promise<void> {
    const record = await this.store.get(name);
    const entry = this.entries.get(name);
    if (record === undefined) {
      this.entries.delete(name);
      this.scheduler.cancel(name);
      entry?.live?.retire();
      return;
    }
    const live = entry?.live;
    if (
      entry !== undefined &&
      live !== undefined &&
      isDeepStrictEqual(entry.record.spec, record.spec) &&
      isDeepStrictEqual(entry.record.resolved, record.resolved)
    ) {
      const state = createDeploymentState(record.spec, record.resolved, {
        now: this.clock.now(),
        runtime: record.runtime,
      });
      this.install(record, live.withState(state));
      return;
    }
    const target = entry ?? new DeploymentEntry(record, this.servedCapacity);
    target.record = record;
    this.entries.set(name, target);
    await this.loadEntry(target);
  }

  /** Loads the record's versions and serves them with the record's runtime state. */
  private async loadEntry(entry: DeploymentEntry): Promise<void> {
    const { record } = entry;
    entry.status = 'loading';
    entry.statusMessage = undefined;
    try {
      const leases = await this.runtimes.acquireAll(record.spec, record.resolved);
      let state: DeploymentState;
      try {
        state = createDeploymentState(record.spec, record.resolved, {
          now: this.clock.now(),
          runtime: record.runtime,
        });
      } catch (err) {
        for (const lease of leases.values()) lease.release();
        throw err;
      }
      this.install(record, new LiveDeployment(state, leases));
    } catch (err) {
      entry.status = 'failed';
      entry.statusMessage = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /** Makes `live` the generation that serves, and retires the one before it. */
  private install(record: DeploymentRecord, live: LiveDeployment): DeploymentEntry {
    let entry = this.entries.get(record.name);
    if (entry === undefined) {
      entry = new DeploymentEntry(record, this.servedCapacity);
      this.entries.set(record.name, entry);
    } else {
      const versionsChanged =
        !isDeepStrictEqual(entry.record.spec, record.spec) ||
        !isDeepStrictEqual(entry.record.resolved, record.resolved);
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
    const created = new DeploymentEntry(record, this.servedCapacity);
    this.entries.set(name, created);
    await this.loadEntry(created).catch((err: unknown) => {
      this.reportBackground(`deployment '${name}' failed to load`, err);
    });
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
