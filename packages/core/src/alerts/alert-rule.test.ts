import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { INITIAL_ALERT_STATE, evaluateAlertRule } from './alert-rule.js';
import type { AlertRule, AlertState } from './alert-rule.js';

const RULE: AlertRule = {
  metric: 'drift_share',
  comparison: '>',
  threshold: 0.5,
  consecutive: 2,
  cooldownMs: 1_000,
  resolveAfter: 2,
};

/**
 * Feeds values at times 0, 100, 200, ... and returns the transitions as 'fired@t' / 'resolved@t',
 * with the final state.
 */
function run(values: Array<number | undefined>, rule: AlertRule = RULE, step = 100) {
  let state: AlertState = INITIAL_ALERT_STATE;
  const seen: string[] = [];
  values.forEach((value, i) => {
    const next = evaluateAlertRule(state, { [rule.metric]: value }, rule, i * step);
    state = next.state;
    seen.push(...next.transitions.map((t) => `${t.type}@${t.at}`));
  });
  return { seen, state };
}

describe('evaluateAlertRule', () => {
  it('fires on the Nth breach in a row, not before', () => {
    expect(run([0.6]).seen).toEqual([]);
    expect(run([0.6]).state).toEqual({ status: 'ok', breaches: 1, oks: 0 });
    expect(run([0.6, 0.7]).seen).toEqual(['fired@100']);
    expect(run([0.6, 0.7]).state).toEqual({
      status: 'firing',
      breaches: 2,
      oks: 0,
      lastFiredAt: 100,
    });
  });

  it('needs the breaches in a row: an OK value starts the count again', () => {
    expect(run([0.6, 0.4, 0.6]).seen).toEqual([]);
    expect(run([0.6, 0.4, 0.6, 0.6]).seen).toEqual(['fired@300']);
  });

  it('reports the value and threshold of a firing', () => {
    const once = { ...RULE, consecutive: 1 };
    const { transitions } = evaluateAlertRule(INITIAL_ALERT_STATE, { drift_share: 0.9 }, once, 42);
    expect(transitions).toEqual([{ type: 'fired', at: 42, value: 0.9, threshold: 0.5 }]);
  });

  it('fires once while the breach lasts', () => {
    expect(run([0.6, 0.7, 0.8, 0.9, 1]).seen).toEqual(['fired@100']);
  });

  it('resolves after M OK values in a row; a breach in between restarts the count', () => {
    expect(run([0.6, 0.6, 0.1]).seen).toEqual(['fired@100']);
    expect(run([0.6, 0.6, 0.1]).state.status).toBe('firing');
    expect(run([0.6, 0.6, 0.1, 0.1]).seen).toEqual(['fired@100', 'resolved@300']);
    expect(run([0.6, 0.6, 0.1, 0.1]).state).toEqual({
      status: 'ok',
      breaches: 0,
      oks: 0,
      lastFiredAt: 100,
    });
    expect(run([0.6, 0.6, 0.1, 0.6, 0.1]).seen).toEqual(['fired@100']);
    expect(run([0.6, 0.6, 0.1, 0.6, 0.1, 0.1]).seen).toEqual(['fired@100', 'resolved@500']);
  });

  it('holds back a new firing within the cooldown, and fires once it has passed', () => {
    // Fired at 100, resolved at 300; breaching again at 400 and 500 would fire at 500, but the
    // cooldown (1000 ms from 100) runs until 1100: the first firing after it is at 1100.
    const values = [0.6, 0.6, 0.1, 0.1, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
    expect(run(values).seen).toEqual(['fired@100', 'resolved@300', 'fired@1100']);
    expect(run(values.slice(0, 11)).seen).toEqual(['fired@100', 'resolved@300']);
    expect(run(values.slice(0, 11)).state).toMatchObject({ status: 'ok', breaches: 7 });
  });

  it('fires again without waiting when there is no cooldown', () => {
    const rule = { ...RULE, cooldownMs: 0 };
    expect(run([0.6, 0.6, 0.1, 0.1, 0.6, 0.6], rule).seen).toEqual([
      'fired@100',
      'resolved@300',
      'fired@500',
    ]);
  });

  it('treats a missing or NaN value as no evidence either way', () => {
    expect(run([0.6, undefined, 0.6]).seen).toEqual(['fired@200']);
    expect(run([0.6, Number.NaN, 0.6]).seen).toEqual(['fired@200']);
    expect(run([0.6, 0.6, 0.1, undefined, 0.1]).seen).toEqual(['fired@100', 'resolved@400']);
    const state: AlertState = { status: 'firing', breaches: 3, oks: 1, lastFiredAt: 5 };
    expect(evaluateAlertRule(state, {}, RULE, 10)).toEqual({ state, transitions: [] });
  });

  it.each([
    ['>', 0.5, false],
    ['>', 0.51, true],
    ['>=', 0.5, true],
    ['>=', 0.49, false],
    ['<', 0.5, false],
    ['<', 0.49, true],
    ['<=', 0.5, true],
    ['<=', 0.51, false],
  ] as const)(
    'compares %s against the threshold 0.5: %d breaches is %s',
    (comparison, value, fires) => {
      const rule: AlertRule = { ...RULE, comparison, consecutive: 1 };
      const { transitions } = evaluateAlertRule(
        INITIAL_ALERT_STATE,
        { drift_share: value },
        rule,
        0,
      );
      expect(transitions.length === 1).toBe(fires);
    },
  );

  it('reads only the metric the rule selects', () => {
    const rule = { ...RULE, consecutive: 1 };
    const result = evaluateAlertRule(
      INITIAL_ALERT_STATE,
      { latency: 99, drift_share: 0.1 },
      rule,
      0,
    );
    expect(result.transitions).toEqual([]);
  });

  it.each([
    [{ consecutive: 0 }, 'consecutive must be a whole number of at least 1'],
    [{ consecutive: 1.5 }, 'consecutive must be a whole number'],
    [{ resolveAfter: 0 }, 'resolveAfter must be a whole number of at least 1'],
    [{ cooldownMs: -1 }, 'cooldownMs must be 0 or more'],
    [{ threshold: Number.POSITIVE_INFINITY }, 'threshold must be a finite number'],
    [{ comparison: '==' }, 'comparison must be one of'],
  ])('refuses a rule with %j', (override, message) => {
    const rule = { ...RULE, ...override } as AlertRule;
    const evaluate = () => evaluateAlertRule(INITIAL_ALERT_STATE, { drift_share: 1 }, rule, 0);
    expect(evaluate).toThrow(SlipwayError);
    expect(evaluate).toThrow(message);
  });
});
