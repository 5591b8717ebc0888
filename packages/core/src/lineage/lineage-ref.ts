import { invalidArgument } from '../errors.js';

/** The kinds of things lineage connects. */
export const LINEAGE_NODE_TYPES = [
  'dataset-version',
  'pipeline-run',
  'pipeline-step',
  'run',
  'model-version',
  'deployment',
] as const;
export type LineageNodeType = (typeof LINEAGE_NODE_TYPES)[number];

/** One node of the lineage graph, by what it is; `formatLineageRef` gives its id. */
export type LineageRef =
  | { type: 'dataset-version'; name: string; version: number }
  | { type: 'pipeline-run'; runId: string }
  | { type: 'pipeline-step'; runId: string; stepKey: string }
  | { type: 'run'; runId: string }
  | { type: 'model-version'; name: string; version: string }
  | { type: 'deployment'; name: string };

/** `models:/name@alias`: accepted as a starting point; the server resolves it to a version. */
export interface ModelAliasRef {
  type: 'model-alias';
  name: string;
  alias: string;
}

export type ParsedLineageRef = LineageRef | ModelAliasRef;

/** What `parseLineageRef` accepts, for messages and help texts. */
export const LINEAGE_REF_FORMS = [
  'datasets:/<name>@<version>',
  'pipelines:/<pipeline-run-id>',
  'pipelines:/<pipeline-run-id>/<step-key>',
  'runs:/<run-id>',
  'models:/<name>/<version>',
  'models:/<name>@<alias>',
  'deployments:/<name>',
] as const;

const PREFIXES = ['datasets:/', 'pipelines:/', 'runs:/', 'models:/', 'deployments:/'] as const;

/**
 * Parses a lineage node reference (see LINEAGE_REF_FORMS). Names are taken as written; whether
 * the node exists is the server's question. INVALID_ARGUMENT names the accepted forms.
 */
export function parseLineageRef(text: string): ParsedLineageRef {
  const ref = text.trim();
  const prefix = PREFIXES.find((p) => ref.startsWith(p));
  const rest = prefix === undefined ? '' : ref.slice(prefix.length);
  const parsed = prefix === undefined || rest === '' ? undefined : parseRest(prefix, rest);
  if (parsed === undefined) {
    throw invalidArgument(
      `'${text}' is not a lineage node reference; use one of ${LINEAGE_REF_FORMS.join(', ')}.`,
    );
  }
  return parsed;
}

function parseRest(prefix: (typeof PREFIXES)[number], rest: string): ParsedLineageRef | undefined {
  switch (prefix) {
    case 'datasets:/': {
      const at = rest.lastIndexOf('@');
      const version = rest.slice(at + 1);
      if (at <= 0 || !/^[1-9]\d{0,14}$/u.test(version)) return undefined;
      return { type: 'dataset-version', name: rest.slice(0, at), version: Number(version) };
    }
    case 'pipelines:/': {
      const slash = rest.indexOf('/');
      if (slash < 0) return { type: 'pipeline-run', runId: rest };
      const stepKey = rest.slice(slash + 1);
      if (slash === 0 || stepKey === '' || stepKey.includes('/')) return undefined;
      return { type: 'pipeline-step', runId: rest.slice(0, slash), stepKey };
    }
    case 'runs:/':
      return rest.includes('/') ? undefined : { type: 'run', runId: rest };
    case 'models:/': {
      // An alias may follow a name with slashes; a version only a name without (as MLflow).
      const at = rest.lastIndexOf('@');
      if (at > 0 && at < rest.length - 1) {
        return { type: 'model-alias', name: rest.slice(0, at), alias: rest.slice(at + 1) };
      }
      const slash = rest.lastIndexOf('/');
      const version = rest.slice(slash + 1);
      if (slash <= 0 || !/^[1-9]\d{0,14}$/u.test(version)) return undefined;
      return {
        type: 'model-version',
        name: rest.slice(0, slash),
        version: String(Number(version)),
      };
    }
    case 'deployments:/':
      return rest.includes('/') ? undefined : { type: 'deployment', name: rest };
  }
}

/** The reference of a node, which is also its id in a lineage graph. */
export function formatLineageRef(ref: LineageRef): string {
  switch (ref.type) {
    case 'dataset-version':
      return `datasets:/${ref.name}@${ref.version}`;
    case 'pipeline-run':
      return `pipelines:/${ref.runId}`;
    case 'pipeline-step':
      return `pipelines:/${ref.runId}/${ref.stepKey}`;
    case 'run':
      return `runs:/${ref.runId}`;
    case 'model-version':
      return `models:/${ref.name}/${ref.version}`;
    case 'deployment':
      return `deployments:/${ref.name}`;
  }
}
