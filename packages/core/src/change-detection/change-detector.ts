/** The detectors, by the names monitor configurations and the API use. */
export const CHANGE_DETECTOR_NAMES = ['adwin', 'ddm', 'eddm', 'page-hinkley', 'kswin'] as const;
export type ChangeDetectorName = (typeof CHANGE_DETECTOR_NAMES)[number];

/**
 * A streaming change detector fed one value at a time, with river's semantics: after a detection
 * the detector starts afresh at the next update, so `driftDetected` is true for exactly the update
 * that found the change.
 */
export interface ChangeDetector {
  readonly name: ChangeDetectorName;
  /** True when the latest update signalled a change. */
  readonly driftDetected: boolean;
  update(x: number): void;
}

/** DDM and EDDM also signal a warning zone before a change. */
export interface WarningChangeDetector extends ChangeDetector {
  readonly warningDetected: boolean;
}
