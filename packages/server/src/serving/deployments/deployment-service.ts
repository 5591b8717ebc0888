import { isDeepStrictEqual } from 'node:util';
import {
  armMeanReward,
  createDeploymentState,
  deploymentRuntime,
  failedPrecondition,
  isSlipwayError,
  notFound,
  parseDeploymentSpec,
  recordReward,
  systemCaller,
} from '@slipway/core';
import type {
  Caller,
  DeploymentEvent,
  DeploymentRecord,
  DeploymentState,
  DeploymentStore,
  DeploymentView,
  NewDeploymentEvent,
  UnitOfWork,
  VariantId,
} from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import { auditRecord } from '../../audit/audit-record.js';
import type {
  GroundTruthLabel,
  PredictionLogService,
} from '../../prediction-log/prediction-log-service.js';
import type { ServiceClock } from '../../support/clock.js';
import { nextToken, resolveWindow } from '../../support/paging.js';
import type { PageRequest } from '../../support/paging.js';
import { judgeCanaryStep } from './canary-analysis.js';
import type { DeploymentEntry } from './deployment-entry.js';
import type { DeploymentHost } from './deployment-host.js';
import { LiveDeployment } from './live-deployment.js';
import { promoteState, rollbackState } from './manual-transitions.js';
import type { StateChange } from './manual-transitions.js';
import { appliedEvent, canaryEvent, carriedRuntime } from './policy-facts.js';
import { resolveVariants } from './resolve-variants.js';
import type { ModelUriResolver } from './resolve-variants.js';

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

/** What the control plane needs of the registry: `models:/` URIs resolved for a caller. */
export interface CallerModelResolver {
  resolveModelUri(caller: Caller, uri: string): Promise<{ name: string; version: string }>;
}

export interface DeploymentServiceOptions {
  store: DeploymentStore;
  uow: UnitOfWork;
  host: DeploymentHost;
  registry: CallerModelResolver;
  access: AccessService;
  predictionLog?: PredictionLogService | undefined;
  clock: ServiceClock;
}

const CONFLICT_RETRIES = 3;
const CANARY = systemCaller('canary-analysis');

/**
 * The deployment control plane: applies specs (resolve, load and warm on the host, then swap
 * atomically), promotes and rolls back, judges canary steps, takes bandit rewards and ground
 * truth. Every change is checked against the caller's permission on the deployment, persisted
 * with its deployment event and audit record in one transaction, and then installed on this
 * server's host (other servers pick it up through their sync).
 *
 * Permissions: READ reads and invokes; EDIT also applies specs, promotes, rolls back, loads and
 * unloads, and posts feedback and ground truth; MANAGE also deletes and grants. Whoever creates
 * a deployment gets MANAGE on it, and every model a spec names must be readable by the caller.
 */
export class DeploymentService {
  private readonly store: DeploymentStore;
  private readonly uow: UnitOfWork;
  private readonly host: DeploymentHost;
  private readonly registry: CallerModelResolver;
  private readonly access: AccessService;
  private readonly predictionLog: PredictionLogService | undefined;
  private readonly clock: ServiceClock;

  constructor(options: DeploymentServiceOptions) {
    this.store = options.store;
    this.uow = options.uow;
    this.host = options.host;
    this.registry = options.registry;
    this.access = options.access;
    this.predictionLog = options.predictionLog;
    this.clock = options.clock;
  }

  /** Creates or updates a deployment from a spec (already parsed from JSON or YAML). */
  async apply(caller: Caller, input: unknown): Promise<ApplyResult> {
    const spec = parseDeploymentSpec(input);
    const models: ModelUriResolver = {
      resolveModelUri: (uri) => this.registry.resolveModelUri(caller, uri) as never,
    };
    return this.host.mutate(spec.name, async () => {
      // Checked on the record read under the deployment's lock: of two users creating one name at
      // once, the second updates what the first created, and needs EDIT on it for that.
      const existing = await this.store.get(spec.name);
      if (existing !== undefined) {
        await this.access.require(caller, 'deployment', spec.name, 'update');
      }
      const resolved = await resolveVariants(models, spec);
      const current = this.host.entry(spec.name);
      if (
        existing !== undefined &&
        current?.live !== undefined &&
        isDeepStrictEqual(existing.spec, spec) &&
        isDeepStrictEqual(existing.resolved, resolved)
      ) {
        return { deployment: await this.host.view(current), created: false, changed: false };
      }
      const leases = await this.host.runtimes.acquireAll(spec, resolved);
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
          caller.username,
          now,
        );
        const runtime = deploymentRuntime(state);
        record = await this.uow.run(async (s) => {
          const stamp = { actor: caller.username, time: now };
          const written =
            existing === undefined
              ? await s.deployments.create({ name: spec.name, spec, resolved, runtime }, stamp, [
                  event,
                ])
              : await s.deployments.update(
                  spec.name,
                  existing.revision,
                  { spec, resolved, runtime },
                  stamp,
                  [event],
                );
          if (existing === undefined) {
            await this.access.grantCreator(s, caller, 'deployment', spec.name);
          }
          await s.audit.append([
            auditRecord(
              caller,
              now,
              existing === undefined ? 'deployment.create' : 'deployment.apply',
              'deployment',
              spec.name,
              {
                ...(existing === undefined
                  ? {}
                  : { before: { spec: existing.spec, resolved: existing.resolved } }),
                after: { spec, resolved, revision: written.revision },
              },
            ),
          ]);
          return written;
        });
      } catch (err) {
        for (const lease of leases.values()) lease.release();
        throw err;
      }
      const entry = this.host.install(record, new LiveDeployment(state, leases));
      return {
        deployment: await this.host.view(entry),
        created: existing === undefined,
        changed: true,
      };
    });
  }

  async get(caller: Caller, name: string): Promise<DeploymentView> {
    await this.access.require(caller, 'deployment', name, 'read');
    return this.host.view(await this.host.requireEntry(name));
  }

  /** The deployments this server holds that the caller may read, by name. */
  async list(caller: Caller): Promise<DeploymentView[]> {
    const views = this.host.views();
    if (caller.isAdmin) return views;
    const readable = await Promise.all(
      views.map((view) => this.access.can(caller, 'deployment', view.name, 'read')),
    );
    return views.filter((_, i) => readable[i]);
  }

  /** Needs MANAGE. */
  async delete(caller: Caller, name: string): Promise<void> {
    await this.access.require(caller, 'deployment', name, 'delete');
    await this.host.mutate(name, async () => {
      const record = await this.store.get(name);
      const entry = this.host.entry(name);
      if (record === undefined && entry === undefined) {
        throw notFound(`No deployment named '${name}'.`);
      }
      if (record !== undefined) {
        const now = this.clock.now();
        await this.uow.run(async (s) => {
          await s.deployments.delete(name, undefined, { actor: caller.username, time: now }, [
            {
              time: now,
              action: 'deleted',
              reason: `deleted by ${caller.username}`,
              actor: caller.username,
              details: { resolved: record.resolved, revision: record.revision },
            },
          ]);
          // A deployment created later under this name must not inherit these permissions.
          await this.access.forgetResource(s, 'deployment', name);
          await s.audit.append([
            auditRecord(caller, now, 'deployment.delete', 'deployment', name, {
              before: { spec: record.spec, resolved: record.resolved, revision: record.revision },
            }),
          ]);
        });
      }
      this.host.forget(name);
    });
  }

  /** Canary: all traffic to the candidate now. Blue-green: the preview goes live. */
  async promote(caller: Caller, name: string): Promise<DeploymentView> {
    await this.access.require(caller, 'deployment', name, 'update');
    const { entry } = await this.transition(caller, name, 'deployment.promote', (state, now) =>
      promoteState(name, state, now, caller.username),
    );
    return this.host.view(entry);
  }

  /** Canary: all traffic back to the stable model. Blue-green: undo the last switch. */
  async rollback(caller: Caller, name: string): Promise<DeploymentView> {
    await this.access.require(caller, 'deployment', name, 'update');
    const { entry } = await this.transition(caller, name, 'deployment.rollback', (state, now) =>
      rollbackState(name, state, now, caller.username),
    );
    return this.host.view(entry);
  }

  /** A reward for the bandit variant that served `requestId` (remembered for recent requests). */
  async feedback(
    caller: Caller,
    name: string,
    requestId: string,
    reward: number,
  ): Promise<FeedbackResult> {
    await this.access.require(caller, 'deployment', name, 'update');
    const entry = await this.host.requireEntry(name);
    const state = this.host.liveState(entry);
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
        `Deployment '${name}' has no record of request '${requestId}': feedback must name a request it served recently (it remembers the last ${this.host.servedCapacity}), once.`,
      );
    }
    // A reward is data, like a metric point: it moves the bandit's counts, not the deployment's
    // spec, so it is recorded in the state but not audited one by one.
    const { state: next } = await this.transition(caller, name, undefined, (current) => {
      if (current.type !== 'bandit') {
        throw failedPrecondition(`Deployment '${name}' is no longer a bandit.`);
      }
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
    caller: Caller,
    name: string,
    labels: readonly GroundTruthLabel[],
  ): Promise<{ accepted: number }> {
    await this.access.require(caller, 'deployment', name, 'update');
    await this.host.requireEntry(name);
    if (this.predictionLog === undefined) {
      throw failedPrecondition(
        'Ground truth needs the prediction log, which is not enabled on this server.',
      );
    }
    return this.predictionLog.attachGroundTruth(name, labels);
  }

  async events(
    caller: Caller,
    name: string,
    request: PageRequest,
  ): Promise<{ events: DeploymentEvent[]; nextPageToken?: string | undefined }> {
    await this.access.require(caller, 'deployment', name, 'read');
    const window = resolveWindow(request, { deploymentEvents: name }, { default: 100, max: 1000 });
    const page = await this.store.listEvents(name, window);
    return { events: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  /** The model repository API's load: needs EDIT; audited. */
  async load(caller: Caller, name: string): Promise<void> {
    await this.access.require(caller, 'deployment', name, 'update');
    await this.host.load(name);
    await this.record(caller, 'deployment.load', name);
  }

  /** The model repository API's unload (it answers 503 until loaded again): needs EDIT; audited. */
  async unload(caller: Caller, name: string): Promise<void> {
    await this.access.require(caller, 'deployment', name, 'update');
    await this.host.unload(name);
    await this.record(caller, 'deployment.unload', name);
  }

  /** May `caller` invoke this deployment (READ)? */
  async requireInvoke(caller: Caller, name: string): Promise<void> {
    await this.access.require(caller, 'deployment', name, 'read');
  }

  /**
   * Judges the current canary step once it is due: advance, promote or roll back (persisted with
   * the verdict as the event's reason), or hold and look again later. Run by the background jobs.
   */
  async analyzeCanary(name: string): Promise<void> {
    await this.host.mutate(name, async () => {
      const entry = this.host.entry(name);
      const live = entry?.live;
      if (entry === undefined || live === undefined || live.state.type !== 'canary') return;
      const state = live.state;
      const now = this.clock.now();
      const update = judgeCanaryStep(state.policy, state.canary, entry.stats.get('candidate'), now);
      entry.canaryStatus = update.status;
      if (update.transition === undefined) {
        this.host.armCanary(name, state.policy, update.state);
        return;
      }
      try {
        await this.commit(
          CANARY,
          entry,
          live,
          { ...state, canary: update.state },
          [canaryEvent(update.transition, CANARY.username)],
          `deployment.canary.${update.transition.action}`,
        );
      } catch (err) {
        // Another server judged the step first (expected with several servers): take its verdict,
        // which also re-arms the timer for the step it began.
        if (isSlipwayError(err) && err.code === 'CONFLICT') {
          await this.host.refresh(name);
          return;
        }
        this.host.armCanary(name, state.policy, state.canary);
        throw err;
      }
    });
  }

  private async transition(
    caller: Caller,
    name: string,
    action: string | undefined,
    change: (state: DeploymentState, now: number) => StateChange,
  ): Promise<{ entry: DeploymentEntry; state: DeploymentState }> {
    return this.host.mutate(name, async () => {
      for (let attempt = 0; ; attempt += 1) {
        const entry = await this.host.requireEntry(name);
        const live = entry.live;
        const state = this.host.liveState(entry);
        const next = change(state, this.clock.now());
        try {
          await this.commit(caller, entry, live as LiveDeployment, next.state, next.events, action);
          return { entry, state: next.state };
        } catch (err) {
          if (!(isSlipwayError(err) && err.code === 'CONFLICT') || attempt >= CONFLICT_RETRIES) {
            throw err;
          }
          // Another server changed it: take its version and apply the change on top.
          await this.host.refresh(name);
        }
      }
    });
  }

  private async commit(
    caller: Caller,
    entry: DeploymentEntry,
    live: LiveDeployment,
    state: DeploymentState,
    events: readonly NewDeploymentEvent[],
    action: string | undefined,
  ): Promise<void> {
    const now = this.clock.now();
    const runtime = deploymentRuntime(state);
    const record = await this.uow.run(async (s) => {
      const written = await s.deployments.update(
        entry.name,
        entry.record.revision,
        { runtime },
        { actor: caller.username, time: now },
        events,
      );
      if (action !== undefined) {
        await s.audit.append([
          auditRecord(caller, now, action, 'deployment', entry.name, {
            before: { runtime: entry.record.runtime, revision: entry.record.revision },
            after: { runtime, revision: written.revision },
          }),
        ]);
      }
      return written;
    });
    this.host.install(record, live.withState(state));
  }

  private async record(caller: Caller, action: string, name: string): Promise<void> {
    await this.uow.run((s) =>
      s.audit.append([auditRecord(caller, this.clock.now(), action, 'deployment', name)]),
    );
  }
}
