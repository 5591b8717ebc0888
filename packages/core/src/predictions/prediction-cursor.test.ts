import { describe, expect, it } from 'vitest';
import { isSlipwayError } from '../errors.js';
import { decodePredictionCursor, encodePredictionCursor } from './prediction-cursor.js';

describe('prediction cursor', () => {
  it('round-trips time and id, including negative times', () => {
    for (const cursor of [
      { time: 0, id: 0 },
      { time: 1_700_000_000_123, id: 42 },
      { time: -5, id: 9_007_199_254_740_991 },
    ]) {
      expect(decodePredictionCursor(encodePredictionCursor(cursor))).toEqual(cursor);
    }
  });

  it('rejects tampered or foreign cursors with INVALID_ARGUMENT', () => {
    const good = encodePredictionCursor({ time: 10, id: 3 });
    for (const bad of ['', 'x', `${good}A`, 'cDE6MTA6', 'a'.repeat(500), btoa('p1:1.5:2')]) {
      let caught: unknown;
      try {
        decodePredictionCursor(bad);
      } catch (err) {
        caught = err;
      }
      expect(isSlipwayError(caught) && caught.code).toBe('INVALID_ARGUMENT');
    }
  });
});
