import { useOutletContext } from 'react-router';
import type { Run } from '@slipway/core';
import type { RunPermission } from './use-run-permission.js';

/** What the run page hands to its sections (overview, artifacts, charts). */
export interface RunContext {
  run: Run;
  permission: RunPermission;
}

export function useRunContext(): RunContext {
  return useOutletContext<RunContext>();
}
