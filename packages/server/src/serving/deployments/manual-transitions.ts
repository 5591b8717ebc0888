import {
  failedPrecondition,
  promoteCanary,
  rollbackBlueGreen,
  rollbackCanary,
  switchBlueGreen,
} from '@slipway/core';
import type { DeploymentState, NewDeploymentEvent } from '@slipway/core';
import { blueGreenEvent, canaryEvent } from './policy-facts.js';

export interface StateChange {
  state: DeploymentState;
  events: NewDeploymentEvent[];
}

function notPromotable(name: string, state: DeploymentState): Error {
  return failedPrecondition(
    `Deployment '${name}' has a ${state.type} policy; promote and rollback apply to canary and blue-green deployments.`,
  );
}

/** Canary: all traffic to the candidate now. Blue-green: the preview goes live. */
export function promoteState(
  name: string,
  state: DeploymentState,
  now: number,
  actor: string,
): StateChange {
  if (state.type === 'canary') {
    const update = promoteCanary(state.canary, now, `promoted by ${actor}`);
    return {
      state: { ...state, canary: update.state },
      events: update.transition ? [canaryEvent(update.transition, actor)] : [],
    };
  }
  if (state.type === 'blue-green') {
    const update = switchBlueGreen(state.blueGreen, now, `switched by ${actor}`);
    return {
      state: { ...state, blueGreen: update.state },
      events: [blueGreenEvent(update.transition, state, actor)],
    };
  }
  throw notPromotable(name, state);
}

/** Canary: all traffic back to the stable model. Blue-green: undo the last switch. */
export function rollbackState(
  name: string,
  state: DeploymentState,
  now: number,
  actor: string,
): StateChange {
  if (state.type === 'canary') {
    const update = rollbackCanary(state.canary, now, `rolled back by ${actor}`);
    return {
      state: { ...state, canary: update.state },
      events: update.transition ? [canaryEvent(update.transition, actor)] : [],
    };
  }
  if (state.type === 'blue-green') {
    const update = rollbackBlueGreen(state.blueGreen, now, `rolled back by ${actor}`);
    return {
      state: { ...state, blueGreen: update.state },
      events: [blueGreenEvent(update.transition, state, actor)],
    };
  }
  throw notPromotable(name, state);
}
