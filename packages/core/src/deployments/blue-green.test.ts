import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { createBlueGreenState, rollbackBlueGreen, switchBlueGreen } from './blue-green.js';
import type { BlueGreenPolicy } from './deployment-spec.js';

const WITH_PREVIEW: BlueGreenPolicy = {
  type: 'blue-green',
  active: 'models:/a/1',
  preview: 'models:/a/2',
};
const T0 = 1_000;

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SlipwayError ? error.code : 'not a SlipwayError';
  }
  return undefined;
}

describe('blue-green', () => {
  it('starts with the active model live and the preview warm', () => {
    expect(createBlueGreenState(WITH_PREVIEW, T0)).toEqual({
      active: 'blue',
      preview: 'green',
      history: [
        {
          at: T0,
          action: 'start',
          from: 'blue',
          to: 'blue',
          reason: 'models:/a/1 is active, models:/a/2 in preview',
        },
      ],
    });
  });

  it('switches instantly, keeps the old active as preview, and rolls back to it', () => {
    const start = createBlueGreenState(WITH_PREVIEW, T0);
    const switched = switchBlueGreen(start, T0 + 1, 'release 2');
    expect(switched.state.active).toBe('green');
    expect(switched.state.preview).toBe('blue');
    expect(switched.transition).toEqual({
      at: T0 + 1,
      action: 'switch',
      from: 'blue',
      to: 'green',
      reason: 'release 2',
    });
    expect(start.active).toBe('blue');
    const back = rollbackBlueGreen(switched.state, T0 + 2);
    expect(back.state.active).toBe('blue');
    expect(back.state.preview).toBe('green');
    expect(back.transition).toMatchObject({
      action: 'rollback',
      from: 'green',
      to: 'blue',
      reason: 'rolled back manually',
    });
    expect(back.state.history.map((t) => t.action)).toEqual(['start', 'switch', 'rollback']);
  });

  it('refuses a rollback without a switch to undo and a switch without a preview', () => {
    const start = createBlueGreenState(WITH_PREVIEW, T0);
    expect(codeOf(() => rollbackBlueGreen(start, T0))).toBe('FAILED_PRECONDITION');
    const back = rollbackBlueGreen(switchBlueGreen(start, T0).state, T0).state;
    expect(codeOf(() => rollbackBlueGreen(back, T0))).toBe('FAILED_PRECONDITION');
    const alone = createBlueGreenState({ type: 'blue-green', active: 'models:/a/1' }, T0);
    expect(alone.preview).toBeUndefined();
    expect(codeOf(() => switchBlueGreen(alone, T0))).toBe('FAILED_PRECONDITION');
  });
});
