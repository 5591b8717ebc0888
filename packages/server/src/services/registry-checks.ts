import { LIMITS, MODEL_VERSION_STAGES, invalidArgument, validateEntityName } from '@slipway/core';
import type { ModelVersionStage } from '@slipway/core';

export function checkModelName(name: unknown): string {
  return validateEntityName('Registered model', name, LIMITS.maxModelNameLength);
}

export function checkVersion(version: unknown): string {
  const text = typeof version === 'number' ? String(version) : version;
  if (typeof text !== 'string' || !/^\d{1,9}$/u.test(text) || Number(text) < 1) {
    throw invalidArgument(`Model version must be a positive integer; got '${String(version)}'.`);
  }
  return String(Number(text));
}

export function checkStage(stage: unknown): ModelVersionStage {
  const found = MODEL_VERSION_STAGES.find(
    (s) => typeof stage === 'string' && s.toLowerCase() === stage.toLowerCase(),
  );
  if (!found) {
    throw invalidArgument(
      `Invalid Model Version stage: ${String(stage)}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`,
    );
  }
  return found;
}

export function checkDescription(description: unknown): string {
  if (description === undefined || description === null) return '';
  if (typeof description !== 'string') throw invalidArgument("'description' must be a string.");
  if (description.length > LIMITS.maxDescriptionLength) {
    throw invalidArgument(`'description' exceeds ${LIMITS.maxDescriptionLength} characters.`);
  }
  return description;
}
