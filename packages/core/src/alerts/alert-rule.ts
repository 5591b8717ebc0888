import { SlipwayError } from '../errors.js';

export type AlertComparison = '>' | '>=' | '<' | '<=';

/** When a metric breaches, how long it must, and how an alert calms down. */
export interface AlertRule {
  /** The metric's name in an observation, e.g. `drift.share` or `p95_latency_ms`. */
  metric: string;
  comparison: AlertComparison;
  threshold: number;
  /** Breaches in a row that fire the alert (at least 1). */
  consecutive: number;
  /** No new firing within this many ms of the last one (0: none). */
  cooldownMs: number;
  /** Observations within the threshold in a row that resolve a firing alert (at least 1). */
  resolveAfter: number;
}

export interface AlertState {
  status: 'ok' | 'firing';
  /** Breaches in a row so far (kept while a firing is held back by the cooldown). */
  breaches: number;
  /** Observations within the threshold in a row while firing. */
  oks: number;
  lastFiredAt?: number | undefined;
}

/** One evaluation's metric values by name (a monitor result, a serving metrics sample). */
export type AlertObservation = Readonly<Record<string, number | undefined>>;

export interface AlertTransition {
  type: 'fired' | 'resolved';
  at: number;
  value: number;
  threshold: number;
}

export const INITIAL_ALERT_STATE: AlertState = { status: 'ok', breaches: 0, oks: 0 };

const COMPARE: Record<AlertComparison, (value: number, threshold: number) => boolean> = {
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
};

/**
 * The next state of an alert after one observation, and whether it fired or resolved. A missing
 * or NaN value is no evidence either way: the state stays as it is (a gap in the data neither
 * fires nor resolves). Pure: the caller keeps the state between evaluations.
 */
export function evaluateAlertRule(
  state: AlertState,
  observation: AlertObservation,
  rule: AlertRule,
  now: number,
): { state: AlertState; transitions: AlertTransition[] } {
  checkAlertRule(rule);
  const value = observation[rule.metric];
  if (value === undefined || Number.isNaN(value)) return { state, transitions: [] };
  const breach = COMPARE[rule.comparison](value, rule.threshold);
  const transition = (type: AlertTransition['type']): AlertTransition[] => [
    { type, at: now, value, threshold: rule.threshold },
  ];

  if (state.status === 'firing') {
    if (breach)
      return { state: { ...state, breaches: state.breaches + 1, oks: 0 }, transitions: [] };
    const oks = state.oks + 1;
    if (oks < rule.resolveAfter) return { state: { ...state, oks }, transitions: [] };
    return {
      state: { ...state, status: 'ok', breaches: 0, oks: 0 },
      transitions: transition('resolved'),
    };
  }

  if (!breach) return { state: { ...state, breaches: 0, oks: 0 }, transitions: [] };
  const breaches = state.breaches + 1;
  const cooling = state.lastFiredAt !== undefined && now - state.lastFiredAt < rule.cooldownMs;
  if (breaches < rule.consecutive || cooling) {
    return { state: { ...state, breaches, oks: 0 }, transitions: [] };
  }
  return {
    state: { status: 'firing', breaches, oks: 0, lastFiredAt: now },
    transitions: transition('fired'),
  };
}

/** Throws INVALID_ARGUMENT naming the first field a person must fix. */
export function checkAlertRule(rule: AlertRule): void {
  const fail = (message: string) => {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Alert rule on '${rule.metric}': ${message}`,
    });
  };
  if (!(rule.comparison in COMPARE))
    fail(`comparison must be one of >, >=, <, <= (got '${rule.comparison}').`);
  if (!Number.isFinite(rule.threshold))
    fail(`threshold must be a finite number (got ${rule.threshold}).`);
  if (!Number.isInteger(rule.consecutive) || rule.consecutive < 1) {
    fail(`consecutive must be a whole number of at least 1 (got ${rule.consecutive}).`);
  }
  if (!Number.isInteger(rule.resolveAfter) || rule.resolveAfter < 1) {
    fail(`resolveAfter must be a whole number of at least 1 (got ${rule.resolveAfter}).`);
  }
  if (!Number.isFinite(rule.cooldownMs) || rule.cooldownMs < 0) {
    fail(`cooldownMs must be 0 or more milliseconds (got ${rule.cooldownMs}).`);
  }
}
