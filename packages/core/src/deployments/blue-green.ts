import { failedPrecondition } from '../errors.js';
import type { BlueGreenPolicy } from './deployment-spec.js';
import { BLUE, GREEN } from './variants.js';

export type BlueGreenSlot = typeof BLUE | typeof GREEN;

export interface BlueGreenTransition {
  at: number;
  action: 'start' | 'switch' | 'rollback';
  /** Slot that was live before, and the one live after. */
  from: BlueGreenSlot;
  to: BlueGreenSlot;
  reason: string;
}

/**
 * Which slot takes live traffic. The spec's `active` model sits in blue and `preview` in green;
 * both stay loaded, so switching (and switching back) is instant. Plain JSON for persistence.
 */
export interface BlueGreenState {
  active: BlueGreenSlot;
  /** The warm standby: the preview before a switch, the previous active after it. */
  preview: BlueGreenSlot | undefined;
  history: BlueGreenTransition[];
}

export interface BlueGreenUpdate {
  state: BlueGreenState;
  transition: BlueGreenTransition;
}

export function createBlueGreenState(policy: BlueGreenPolicy, now: number): BlueGreenState {
  return {
    active: BLUE,
    preview: policy.preview === undefined ? undefined : GREEN,
    history: [
      {
        at: now,
        action: 'start',
        from: BLUE,
        to: BLUE,
        reason: `${policy.active} is active${policy.preview === undefined ? '' : `, ${policy.preview} in preview`}`,
      },
    ],
  };
}

function swap(
  state: BlueGreenState,
  now: number,
  action: 'switch' | 'rollback',
  reason: string,
): BlueGreenUpdate {
  const from = state.active;
  const to = state.preview as BlueGreenSlot;
  const record: BlueGreenTransition = { at: now, action, from, to, reason };
  return {
    state: { active: to, preview: from, history: [...state.history, record] },
    transition: record,
  };
}

/** Makes the preview live at once; the previous active stays loaded as the preview. */
export function switchBlueGreen(
  state: BlueGreenState,
  now: number,
  reason = 'switched manually',
): BlueGreenUpdate {
  if (state.preview === undefined) {
    throw failedPrecondition('This blue-green deployment has no preview to switch to.');
  }
  return swap(state, now, 'switch', reason);
}

/** Undoes the last switch: the previous active takes traffic again. */
export function rollbackBlueGreen(
  state: BlueGreenState,
  now: number,
  reason = 'rolled back manually',
): BlueGreenUpdate {
  const last = state.history.at(-1);
  if (state.preview === undefined || last === undefined || last.action !== 'switch') {
    throw failedPrecondition('Nothing to roll back: the last blue-green change was not a switch.');
  }
  return swap(state, now, 'rollback', reason);
}
