import { parse, stringify } from 'yaml';
import type { Monitor } from '@slipway/sdk';
import { editableSpec } from './spec-durations.js';

/** The stored spec as YAML to edit, durations as text. Only the editor's chunk loads `yaml`. */
export function specToYaml(spec: Monitor['spec']): string {
  return stringify(editableSpec(spec), { lineWidth: 0 });
}

/** A new monitor's starting point: a traffic reference, an hourly window, a 15-minute schedule. */
export function newMonitorYaml(deployment: string): string {
  return `# A monitor of ${deployment}'s traffic. Durations are written 30s, 15m, 1h or 7d.
name: ${deployment}-drift
deployment: ${deployment}
description: Drift of the inputs against last week's traffic
reference:
  # traffic: the deployment's own traffic of an earlier span. Or a file among the artifacts:
  # { type: dataset, uri: runs:/<run id>/train.csv } or { type: profile, uri: ... }
  type: traffic
  from: 14d
  to: 7d
window:
  duration: 1h
schedule:
  every: 15m
minRows: 30
drift:
  driftShare: 0.5
# performance:
#   task: classification
# alerts:
#   - name: inputs-drifted
#     metric: drift.share
#     op: '>='
#     threshold: 0.5
#     for: 2
`;
}

/**
 * The `name` a YAML spec gives, if it parses and has one; the server judges everything else
 * (a document that does not parse is the server's to word, with its line and column).
 */
export function nameInYaml(text: string): string | undefined {
  try {
    const value: unknown = parse(text, { maxAliasCount: 50 });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const name = (value as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
