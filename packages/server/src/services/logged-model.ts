import { invalidArgument } from '@slipway/core';

const MANDATORY = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'] as const;
const SUMMARY_KEYS = ['run_id', 'utc_time_created', 'artifact_path', 'model_uuid'] as const;

/** Parses the MLmodel JSON that MLflow clients send to log-model, with MLflow's checks. */
export function parseLoggedModel(modelJson: string): Record<string, unknown> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw invalidArgument(
      `Malformed model info. \n ${modelJson.slice(0, 1000)} \n is not a valid JSON.`,
    );
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw invalidArgument('Malformed model info: model_json must be a JSON object.');
  }
  const missing = MANDATORY.filter((key) => !(key in model));
  if (missing.length > 0) {
    throw invalidArgument(`Model json is missing mandatory fields: ${missing.join(', ')}`);
  }
  return model as Record<string, unknown>;
}

/**
 * What MLflow records per logged model in the run's history tag: identifying fields and each
 * flavor without its (potentially large) `config`.
 */
export function loggedModelSummary(model: Record<string, unknown>): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const key of SUMMARY_KEYS) {
    if (key in model) summary[key] = model[key];
  }
  const flavors: Record<string, unknown> = {};
  const source = model.flavors;
  if (typeof source === 'object' && source !== null) {
    for (const [name, config] of Object.entries(source)) {
      if (typeof config === 'object' && config !== null && !Array.isArray(config)) {
        flavors[name] = Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'config'));
      } else {
        flavors[name] = config;
      }
    }
  }
  summary.flavors = flavors;
  return summary;
}

/**
 * JSON as Python's `json.dumps` writes it by default (", " and ": " separators, non-ASCII escaped),
 * so the history tag reads exactly as one written by MLflow.
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${asciiJson(k)}: ${pythonJsonDumps(v)}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof value === 'string') return asciiJson(value);
  return JSON.stringify(value) ?? 'null';
}

function asciiJson(text: string): string {
  // No 'u' flag: astral characters must become two \u escapes (a surrogate pair), as in Python.
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
