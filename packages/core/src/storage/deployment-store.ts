import type { Audit, Page } from '../domain/common.js';
import type { DeploymentSpec } from '../deployments/deployment-spec.js';
import type { DeploymentRuntime, ResolvedModel } from '../deployments/deployment-state.js';
import type { VariantId } from '../deployments/variants.js';
import type { ServedVersion } from '../lineage/lineage-links.js';

/** What happened to a deployment; routing decisions are not events, state changes are. */
export type DeploymentEventAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'advanced'
  | 'promoted'
  | 'rolled-back'
  | 'switched'
  | 'paused'
  | 'resumed';

export const DEPLOYMENT_EVENT_ACTIONS: readonly DeploymentEventAction[] = [
  'created',
  'updated',
  'deleted',
  'advanced',
  'promoted',
  'rolled-back',
  'switched',
  'paused',
  'resumed',
];

/** One persisted deployment: its spec, the versions the spec resolved to, and its runtime state. */
export interface DeploymentRecord {
  name: string;
  spec: DeploymentSpec;
  /** The registry version each variant resolved to when the spec was last applied. */
  resolved: Record<VariantId, ResolvedModel>;
  /** Canary / blue-green / bandit state (see deploymentRuntime); `{}` for the other policies. */
  runtime: DeploymentRuntime;
  /** 1 on creation, +1 on every write: the optimistic concurrency token. */
  revision: number;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
}

export interface DeploymentEvent {
  id: number;
  deployment: string;
  time: number;
  action: DeploymentEventAction;
  /** Why, in words a person reads in `deployments get` (e.g. the canary analysis verdict). */
  reason: string;
  actor: string;
  /** Structured facts of the change (weights, versions, slots), plain JSON. */
  details: Record<string, unknown>;
}

export type NewDeploymentEvent = Omit<DeploymentEvent, 'id' | 'deployment'>;

export interface NewDeployment {
  name: string;
  spec: DeploymentSpec;
  resolved: Record<VariantId, ResolvedModel>;
  runtime: DeploymentRuntime;
}

export interface DeploymentPatch {
  spec?: DeploymentSpec;
  resolved?: Record<VariantId, ResolvedModel>;
  runtime?: DeploymentRuntime;
}

/**
 * Deployments and their event log. Every write is one transaction with its events, so the log and
 * the state never disagree. Writes after creation name the revision they were computed from;
 * another writer's change in between is CONFLICT (read again and retry). Events outlive their
 * deployment, like a model's history.
 */
export interface DeploymentStore {
  /** ALREADY_EXISTS when the name is taken. */
  create(
    input: NewDeployment,
    audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<DeploymentRecord>;
  get(name: string): Promise<DeploymentRecord | undefined>;
  /** Every deployment, by name. */
  list(): Promise<DeploymentRecord[]>;
  /**
   * Every deployment's name, revision and creation time, by name: what servers sharing the store
   * poll to notice each other's changes without reading specs and runtime state. A deployment
   * deleted and created again starts over at revision 1; its creation time tells it apart.
   */
  listRevisions(): Promise<Pick<DeploymentRecord, 'name' | 'revision' | 'createdAt'>[]>;
  /** NOT_FOUND when absent; CONFLICT when the stored revision is not `expectedRevision`. */
  update(
    name: string,
    expectedRevision: number,
    patch: DeploymentPatch,
    audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<DeploymentRecord>;
  /** NOT_FOUND when absent; CONFLICT on a revision mismatch (when one is given). */
  delete(
    name: string,
    expectedRevision: number | undefined,
    audit: Audit,
    events: readonly NewDeploymentEvent[],
  ): Promise<void>;
  /** Oldest first. */
  listEvents(
    name: string,
    window: { offset: number; limit: number },
  ): Promise<Page<DeploymentEvent>>;
  /** The newest `limit` events, newest first. */
  recentEvents(name: string, limit: number): Promise<DeploymentEvent[]>;
  /**
   * Lineage: the registry versions existing deployments (these, or all) resolve to now and
   * resolved to in earlier revisions since they were created (`current` false), each pair once,
   * by deployment, model, version.
   */
  servedVersions(deployments?: readonly string[]): Promise<ServedVersion[]>;
}
