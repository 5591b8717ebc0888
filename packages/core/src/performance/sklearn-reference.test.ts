import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import type { ClassLabel } from './class-labels.js';
import { logLoss } from './log-loss.js';
import type { MetricValue } from './metric-value.js';
import { precisionRecallF1 } from './precision-recall-f1.js';
import type { AverageMode } from './precision-recall-f1.js';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
  rootMeanSquaredError,
} from './regression-metrics.js';
import { rocAuc, rocAucOneVsRest } from './roc-auc.js';

interface Expected {
  value: number;
  warned: boolean;
}
interface ClassificationCase {
  name: string;
  yTrue: ClassLabel[];
  yPred: ClassLabel[];
  accuracy: number;
  positiveLabel?: ClassLabel;
  classes?: ClassLabel[];
  scores?: number[];
  rocAuc?: number;
  rocAucOvr?: number;
  logLoss?: number;
  binary?: Record<'precision' | 'recall' | 'f1', Expected>;
  macro: Record<'precision' | 'recall' | 'f1', Expected>;
  weighted: Record<'precision' | 'recall' | 'f1', Expected>;
  micro: Record<'precision' | 'recall' | 'f1', Expected>;
}
interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  mae: number;
  rmse: number;
  mape: number;
  r2: number | null;
}

// Loaded with require: core's lint keeps file-system access out of core, tests included.
const fixture = createRequire(import.meta.url)('../../test/fixtures/performance-sklearn.json') as {
  classification: ClassificationCase[];
  logLossUnnormalised: { yTrue: number[]; classes: number[]; scores: number[]; logLoss: number };
  regression: RegressionCase[];
};

function valueOf(metric: MetricValue): number {
  if (metric.value === null) throw new Error(`expected a value, got null: ${metric.reason}`);
  return metric.value;
}

function expectMatches(metric: MetricValue, expected: Expected): void {
  expect(valueOf(metric)).toBeCloseTo(expected.value, 12);
  expect('warning' in metric && metric.warning !== undefined).toBe(expected.warned);
}

describe('classification metrics against scikit-learn 1.2', () => {
  describe.each(fixture.classification.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('accuracy', () => {
      expect(valueOf(accuracy(c.yTrue, c.yPred))).toBeCloseTo(c.accuracy, 14);
    });

    it('precision, recall and F1 for each average', () => {
      const modes: AverageMode[] = ['macro', 'weighted', 'micro'];
      if (c.binary !== undefined) modes.push('binary');
      for (const mode of modes) {
        const expected = c[mode]!;
        const options =
          mode === 'binary'
            ? { average: mode, positiveLabel: c.positiveLabel! }
            : { average: mode };
        const result = precisionRecallF1(c.yTrue, c.yPred, options);
        expectMatches(result.precision, expected.precision);
        expectMatches(result.recall, expected.recall);
        expectMatches(result.f1, expected.f1);
      }
    });
  });

  const scored = fixture.classification.filter((c) => c.scores !== undefined);
  it.each(scored.map((c) => [c.name, c] as const))('%s: ROC AUC and log loss', (_name, c) => {
    const scores = Float64Array.from(c.scores!);
    if (c.rocAuc !== undefined) {
      expect(valueOf(rocAuc(c.yTrue, scores))).toBeCloseTo(c.rocAuc, 12);
    }
    if (c.rocAucOvr !== undefined) {
      expect(valueOf(rocAucOneVsRest(c.yTrue, scores, c.classes!))).toBeCloseTo(c.rocAucOvr, 12);
    }
    expect(valueOf(logLoss(c.yTrue, scores, { classes: c.classes! }))).toBeCloseTo(c.logLoss!, 10);
  });

  it('log loss clips at eps and renormalises rows that do not sum to 1', () => {
    const { yTrue, classes, scores, logLoss: expected } = fixture.logLossUnnormalised;
    expect(valueOf(logLoss(yTrue, scores, { classes }))).toBeCloseTo(expected, 10);
  });
});

describe('regression metrics against scikit-learn 1.2', () => {
  it.each(fixture.regression.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const yTrue = Float64Array.from(c.yTrue);
    const yPred = Float64Array.from(c.yPred);
    expect(valueOf(meanAbsoluteError(yTrue, yPred))).toBeCloseTo(c.mae, 12);
    expect(valueOf(rootMeanSquaredError(yTrue, yPred))).toBeCloseTo(c.rmse, 12);
    // Relative: a zero in y_true makes MAPE ~1e14.
    const mape = valueOf(meanAbsolutePercentageError(yTrue, yPred));
    if (c.mape === 0) expect(mape).toBe(0);
    else expect(mape / c.mape).toBeCloseTo(1, 12);
    const r2 = r2Score(yTrue, yPred);
    if (c.r2 === null) expect(r2.value).toBeNull();
    else expect(valueOf(r2)).toBeCloseTo(c.r2, 12);
  });
});
