import { invalidArgument } from '../errors.js';
import { AdwinDetector } from './adwin.js';
import type { AdwinOptions } from './adwin.js';
import { CHANGE_DETECTOR_NAMES } from './change-detector.js';
import type { ChangeDetector, ChangeDetectorName } from './change-detector.js';
import { DdmDetector } from './ddm.js';
import type { DdmOptions } from './ddm.js';
import { EddmDetector } from './eddm.js';
import type { EddmOptions } from './eddm.js';
import { KswinDetector } from './kswin.js';
import type { KswinOptions } from './kswin.js';
import { PageHinkleyDetector } from './page-hinkley.js';
import type { PageHinkleyOptions } from './page-hinkley.js';

/** Parameter names each detector accepts (river's, in camelCase). */
export const CHANGE_DETECTOR_PARAMS: Readonly<Record<ChangeDetectorName, readonly string[]>> = {
  adwin: ['delta', 'clock', 'maxBuckets', 'minWindowLength', 'gracePeriod'],
  ddm: ['warmStart', 'warningThreshold', 'driftThreshold'],
  eddm: ['warmStart', 'alpha', 'beta'],
  'page-hinkley': ['minInstances', 'delta', 'threshold', 'alpha', 'mode'],
  kswin: ['alpha', 'windowSize', 'statSize', 'seed', 'window'],
};

function isDetectorName(name: string): name is ChangeDetectorName {
  return (CHANGE_DETECTOR_NAMES as readonly string[]).includes(name);
}

function checkShape(name: ChangeDetectorName, params: Record<string, unknown>): void {
  const known = CHANGE_DETECTOR_PARAMS[name];
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw invalidArgument(`Unknown ${name} parameter "${key}"; it accepts ${known.join(', ')}.`, {
        detector: name,
        parameter: key,
      });
    }
  }
  if (name === 'page-hinkley' && params.mode !== undefined && typeof params.mode !== 'string') {
    throw invalidArgument('page-hinkley parameter "mode" must be "up", "down" or "both".', {
      detector: name,
      parameter: 'mode',
    });
  }
  if (name === 'kswin' && params.window !== undefined && !Array.isArray(params.window)) {
    throw invalidArgument('kswin parameter "window" must be an array of numbers, oldest first.', {
      detector: name,
      parameter: 'window',
    });
  }
}

/** The detector class behind each name. */
export interface ChangeDetectorByName {
  adwin: AdwinDetector;
  ddm: DdmDetector;
  eddm: EddmDetector;
  'page-hinkley': PageHinkleyDetector;
  kswin: KswinDetector;
}

/**
 * A detector by name, with river's defaults for every parameter left out. Parameters are
 * checked (unknown names, types and ranges) and refused with INVALID_ARGUMENT.
 */
export function createDetector<N extends ChangeDetectorName>(
  name: N,
  params?: Record<string, unknown>,
): ChangeDetectorByName[N];
export function createDetector(name: string, params?: Record<string, unknown>): ChangeDetector;
export function createDetector(name: string, params: Record<string, unknown> = {}): ChangeDetector {
  if (!isDetectorName(name)) {
    throw invalidArgument(
      `Unknown change detector "${name}"; choose one of ${CHANGE_DETECTOR_NAMES.join(', ')}.`,
      { detector: name },
    );
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalidArgument(`Parameters of ${name} must be an object of named values.`);
  }
  checkShape(name, params);
  // Types of each value are checked by the detector's constructor.
  switch (name) {
    case 'adwin':
      return new AdwinDetector(params as AdwinOptions);
    case 'ddm':
      return new DdmDetector(params as DdmOptions);
    case 'eddm':
      return new EddmDetector(params as EddmOptions);
    case 'page-hinkley':
      return new PageHinkleyDetector(params as PageHinkleyOptions);
    case 'kswin':
      return new KswinDetector(params as KswinOptions);
  }
}
