import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDetector } from './create-detector.js';

interface RiverExample {
  detector: string;
  params: Record<string, unknown>;
  stream: string;
  drifts: number[];
  firstWarnings?: number[];
  referenceOnly?: boolean;
}

// Loaded with require: core's lint keeps file-system access out of core, tests included.
const fixture = createRequire(import.meta.url)(
  '../../test/fixtures/change-detection-river-examples.json',
) as { streams: Record<string, string>; examples: RiverExample[] };

/** Runs a stream as river's examples do, noting the first warning after the start and after each drift. */
function replay(example: RiverExample): { drifts: number[]; firstWarnings: number[] } {
  const detector = createDetector(example.detector, example.params);
  const digits = fixture.streams[example.stream]!;
  const drifts: number[] = [];
  const firstWarnings: number[] = [];
  let awaitingWarning = true;
  for (let i = 0; i < digits.length; i++) {
    detector.update(Number(digits[i]));
    if ('warningDetected' in detector && detector.warningDetected && awaitingWarning) {
      firstWarnings.push(i);
      awaitingWarning = false;
    }
    if (detector.driftDetected) {
      drifts.push(i);
      awaitingWarning = true;
    }
  }
  return { drifts, firstWarnings };
}

function title(example: RiverExample): string {
  return `${example.detector} ${JSON.stringify(example.params)} on ${example.stream}`;
}

describe("river's documented and tested detections", () => {
  const exact = fixture.examples.filter((example) => example.referenceOnly !== true);
  it.each(exact.map((example) => [title(example), example] as const))('%s', (_title, example) => {
    const result = replay(example);
    expect(result.drifts).toEqual(example.drifts);
    if (example.firstWarnings !== undefined) {
      expect(result.firstWarnings).toEqual(example.firstWarnings);
    }
  });

  it('KSWIN, whose older sample is drawn by another generator than river, detects near river', () => {
    const reference = fixture.examples.filter((example) => example.referenceOnly === true);
    expect(reference.length).toBeGreaterThan(0);
    for (const example of reference) {
      const { drifts } = replay(example);
      const riverFirst = example.drifts[0]!;
      // The change is at 1000; with windows of 100 recent values the test needs some of them new.
      expect(drifts.filter((i) => i < 1000)).toEqual([]);
      expect(drifts[0]).toBeGreaterThanOrEqual(1000);
      expect(Math.abs(drifts[0]! - riverFirst)).toBeLessThanOrEqual(60);
    }
  });
});
