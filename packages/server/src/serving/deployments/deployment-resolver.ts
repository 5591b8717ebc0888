import { SlipwayError, isSlipwayError, notFound } from '@slipway/core';
import type { Caller, ModelVersion, RegisteredModel, ResolvedModel, Tensor } from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import type {
  InferenceTarget,
  InferenceTargetResolver,
  RepositoryEntry,
  TargetInferRequest,
  TargetInferResult,
} from '../protocol/inference-target.js';
import type { ModelMetadata } from '../runtime/model-runtime.js';
import type { DeploymentEntry } from './deployment-entry.js';
import type { DeploymentRuntimes } from './deployment-runtimes.js';
import { modelKey } from './deployment-runtimes.js';
import type { DeploymentHost } from './deployment-host.js';
import type { DeploymentService } from './deployment-service.js';
import { serveRequest } from './serve-request.js';
import type { ServingContext } from './serve-request.js';
import type { RuntimeLease } from './shared-runtimes.js';

/** What the resolver needs from the registry (the RegistryService), unchecked: it checks itself. */
export interface RegistryLookup {
  findVersion(name: string, version: string): Promise<ModelVersion>;
  resolveUri(uri: string): Promise<ModelVersion>;
  listModels(maxResults: number): Promise<RegisteredModel[]>;
}

/** How long "the latest version of a model" is trusted before the registry is asked again. */
const LATEST_TTL_MS = 1_000;
const REPOSITORY_MODELS = 1_000;

interface HeldModel {
  model: ResolvedModel;
  lease: RuntimeLease;
  target: InferenceTarget;
}

/**
 * The Open Inference Protocol's view of deployments: `{name}` is a deployment, or else a
 * registered model. A deployment routes each request by its policy; with `{v}` it is pinned to the
 * variant serving that version. A registered model serves `{v}`, or its latest version, loaded on
 * first use and kept until unloaded.
 */
export class DeploymentResolver implements InferenceTargetResolver {
  private readonly targets = new WeakMap<DeploymentEntry, Map<string, InferenceTarget>>();
  private readonly held = new Map<string, Promise<HeldModel>>();
  private readonly latest = new Map<string, { version: string; at: number }>();

  constructor(
    private readonly host: DeploymentHost,
    private readonly deployments: DeploymentService,
    private readonly registry: RegistryLookup,
    private readonly runtimes: DeploymentRuntimes,
    private readonly access: AccessService,
  ) {}

  private get context(): ServingContext {
    return this.host.serving;
  }

  /** Needs READ on the deployment, or on the registered model served directly. */
  async resolve(caller: Caller, name: string, version?: string): Promise<InferenceTarget> {
    const entry = this.host.entry(name);
    if (entry !== undefined) {
      await this.access.require(caller, 'deployment', name, 'read');
      return this.deploymentTarget(entry, version);
    }
    await this.access.require(caller, 'registered_model', name, 'read');
    return this.modelTarget(name, version);
  }

  /** The deployments and models the caller may read. */
  async list(caller: Caller): Promise<RepositoryEntry[]> {
    const all = await this.listAll();
    if (caller.isAdmin) return all;
    const deployments = new Set(this.host.entryList().map((entry) => entry.name));
    const readable = await Promise.all(
      all.map((entry) =>
        this.access.can(
          caller,
          deployments.has(entry.name) ? 'deployment' : 'registered_model',
          entry.name,
          'read',
        ),
      ),
    );
    return all.filter((_, i) => readable[i]);
  }

  private async listAll(): Promise<RepositoryEntry[]> {
    const entries: RepositoryEntry[] = this.host.entryList().map((entry) => ({
      name: entry.name,
      state:
        entry.status === 'loading'
          ? 'LOADING'
          : entry.status === 'ready' && entry.live?.ready === true
            ? 'READY'
            : 'UNAVAILABLE',
      reason: entry.statusMessage,
    }));
    const loaded = new Set<string>();
    for (const pending of this.held.values()) {
      const held = await pending.catch(() => undefined);
      if (held === undefined) continue;
      loaded.add(held.model.name);
      entries.push({
        name: held.model.name,
        version: held.model.version,
        state: held.lease.runtime.ready ? 'READY' : 'UNAVAILABLE',
      });
    }
    const taken = new Set(entries.map((entry) => entry.name));
    const registeredModels = await this.registry.listModels(REPOSITORY_MODELS);
    for (const model of registeredModels) {
      if (taken.has(model.name) || loaded.has(model.name)) continue;
      entries.push({ name: model.name, state: 'UNAVAILABLE', reason: 'not loaded' });
    }
    return entries;
  }

  /** Needs EDIT on the deployment; for a registered model, READ (it only loads it to serve). */
  async load(caller: Caller, name: string): Promise<void> {
    if (this.host.entry(name) !== undefined) {
      await this.deployments.load(caller, name);
      return;
    }
    await this.access.require(caller, 'registered_model', name, 'read');
    await this.modelTarget(name, undefined);
  }

  /** Needs EDIT on the deployment or registered model: it stops answering. */
  async unload(caller: Caller, name: string): Promise<void> {
    if (this.host.entry(name) !== undefined) {
      await this.deployments.unload(caller, name);
      return;
    }
    await this.access.require(caller, 'registered_model', name, 'update');
    let found = false;
    for (const [key, pending] of [...this.held]) {
      const held = await pending.catch(() => undefined);
      if (held?.model.name !== name) continue;
      found = true;
      this.held.delete(key);
      held.lease.release();
    }
    this.latest.delete(name);
    if (!found) throw notFound(`No deployment or loaded model is named '${name}'.`);
  }

  serverReady(): boolean {
    return this.host.ready;
  }

  /** Lets go of the models loaded on demand. */
  async close(): Promise<void> {
    const pending = [...this.held.values()];
    this.held.clear();
    for (const held of await Promise.allSettled(pending)) {
      if (held.status === 'fulfilled') held.value.lease.release();
    }
  }

  private deploymentTarget(entry: DeploymentEntry, version: string | undefined): InferenceTarget {
    if (entry.metadata === undefined) {
      throw new SlipwayError({
        code: 'UNAVAILABLE',
        message: `Deployment '${entry.name}' is ${entry.status}${entry.statusMessage ? `: ${entry.statusMessage}` : ''}.`,
      });
    }
    const served = Object.values(entry.record.resolved).map((model) => model.version);
    if (version !== undefined && !served.includes(version)) {
      throw notFound(
        `Deployment '${entry.name}' serves version${served.length === 1 ? '' : 's'} ${[...new Set(served)].join(', ')}, not version ${version}.`,
      );
    }
    let byVersion = this.targets.get(entry);
    if (byVersion === undefined) {
      byVersion = new Map();
      this.targets.set(entry, byVersion);
    }
    const key = version ?? '';
    let target = byVersion.get(key);
    if (target === undefined) {
      target = deploymentTarget(entry, this.context, version);
      byVersion.set(key, target);
    }
    return target;
  }

  private async modelTarget(name: string, version: string | undefined): Promise<InferenceTarget> {
    const resolved = version ?? (await this.latestVersion(name));
    const key = modelKey({ name, version: resolved });
    let pending = this.held.get(key);
    if (pending === undefined) {
      pending = this.loadModel(name, resolved);
      this.held.set(key, pending);
      pending.catch(() => {
        if (this.held.get(key) === pending) this.held.delete(key);
      });
    }
    return (await pending).target;
  }

  private async loadModel(name: string, version: string): Promise<HeldModel> {
    const mv = await this.registry.findVersion(name, version).catch((err: unknown) => {
      throw this.unknown(name, err);
    });
    const model = { name: mv.name, version: mv.version };
    const lease = await this.runtimes.acquireModel(model);
    return { model, lease, target: modelTarget(model, lease, this.context) };
  }

  private async latestVersion(name: string): Promise<string> {
    const now = this.context.clock.now();
    const cached = this.latest.get(name);
    if (cached !== undefined && now - cached.at < LATEST_TTL_MS) return cached.version;
    const mv = await this.registry.resolveUri(`models:/${name}/latest`).catch((err: unknown) => {
      throw this.unknown(name, err);
    });
    this.latest.set(name, { version: mv.version, at: now });
    return mv.version;
  }

  private unknown(name: string, err: unknown): unknown {
    if (isSlipwayError(err) && err.code === 'NOT_FOUND') {
      return notFound(
        `No deployment or registered model version answers to '${name}': ${err.message}`,
      );
    }
    if (isSlipwayError(err) && err.code === 'INVALID_ARGUMENT') {
      return notFound(`No deployment or registered model is named '${name}'.`);
    }
    return err;
  }
}

function deploymentTarget(
  entry: DeploymentEntry,
  context: ServingContext,
  pinned: string | undefined,
): InferenceTarget {
  return {
    name: entry.name,
    version: pinned,
    get versions() {
      return [...new Set(Object.values(entry.record.resolved).map((model) => model.version))];
    },
    get ready() {
      return entry.live?.ready ?? false;
    },
    get metadata() {
      return entry.metadata as ModelMetadata;
    },
    infer: (request: TargetInferRequest) => serveRequest(entry, context, request, pinned),
  };
}

/** A registered model version served directly, outside any deployment (deployment label ''). */
function modelTarget(
  model: ResolvedModel,
  lease: RuntimeLease,
  context: ServingContext,
): InferenceTarget {
  const { runtime } = lease;
  const observe = (latencyMs: number, err: unknown, headers: TargetInferRequest['headers']) => {
    const { observer } = context;
    if (observer.onRequest === undefined) return;
    try {
      observer.onRequest({
        deployment: '',
        variant: 'model',
        model,
        error: err === undefined ? undefined : isSlipwayError(err) ? err.code : 'INTERNAL',
        latencyMs,
        headers,
      });
    } catch (observerError) {
      context.onObserverError(observerError);
    }
  };
  return {
    name: model.name,
    version: model.version,
    get ready() {
      return runtime.ready;
    },
    metadata: runtime.metadata,
    async infer(request: TargetInferRequest): Promise<TargetInferResult> {
      const started = performance.now();
      let outputs: Tensor[];
      try {
        outputs = await runtime.infer(request.inputs, { outputs: request.outputs });
      } catch (err) {
        observe(performance.now() - started, err, request.headers);
        throw err;
      }
      observe(performance.now() - started, undefined, request.headers);
      return { modelName: model.name, modelVersion: model.version, outputs };
    },
  };
}
