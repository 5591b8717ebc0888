import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@slipway/core';
import type { WindowRow } from '../../src/prediction-log/prediction-window.js';
import { windowPerformance } from '../../src/monitoring/monitors/window-performance.js';

function row(
  predictions: number[],
  label?: JsonValue,
  datatype: 'FP64' | 'INT64' = 'FP64',
): WindowRow {
  return {
    time: 0,
    modelVersion: '1',
    inputs: [],
    outputs: [
      {
        name: 'y',
        datatype,
        shape: [predictions.length],
        data: datatype === 'INT64' ? predictions.map(String) : predictions,
      },
    ],
    ...(label === undefined ? {} : { groundTruth: { label } }),
  };
}

describe('windowPerformance', () => {
  it("matches scikit-learn's documented regression example, batches included", () => {
    // scikit-learn's docs: y_true [3, -0.5, 2, 7], y_pred [2.5, 0.0, 2, 8] give MAE 0.5 and
    // R² 0.948...; RMSE sqrt(1.5 / 4) and MAPE (0.5/3 + 0.5/0.5 + 0 + 1/7) / 4 by hand.
    const rows = [
      row([2.5, 0.0], [3, -0.5]),
      row([2], 2),
      row([8], [7]),
      row([1, 1], 5), // one label for a batch of two: left out
      row([4]), // no ground truth yet
    ];
    const perf = windowPerformance({ task: 'regression' }, rows);
    expect(perf.labelled).toBe(3);
    expect(perf.coverage).toBeCloseTo(3 / 5, 12);
    expect(perf.metrics['mae']?.value).toBeCloseTo(0.5, 12);
    expect(perf.metrics['rmse']?.value).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(perf.metrics['mape']?.value).toBeCloseTo((0.5 / 3 + 1 + 0 + 1 / 7) / 4, 12);
    expect(perf.metrics['r2']?.value).toBeCloseTo(0.9486081370449679, 12);
  });

  it('reads INT64 class labels and labels spelled as text, and says why scores are missing', () => {
    const rows = [
      row([1], '1', 'INT64'),
      row([0], 0, 'INT64'),
      row([1], true, 'INT64'),
      row([0], '1', 'INT64'),
    ];
    const perf = windowPerformance(
      { task: 'classification', metrics: ['accuracy', 'roc_auc'] },
      rows,
    );
    expect(perf.metrics['accuracy']?.value).toBeCloseTo(0.75, 12);
    expect(perf.metrics['roc_auc']?.value).toBeNull();
    expect(perf.metrics['roc_auc']?.reason).toMatch(/needs a score per class/u);
  });

  it("scores a binary model's single probability output as scikit-learn does", () => {
    // The golden logistic regression's P(benign) on the held-out rows, with sklearn's metrics.
    const golden = JSON.parse(
      readFileSync(
        new URL('../fixtures/performance/breast-cancer-scores.json', import.meta.url),
        'utf8',
      ),
    ) as { probability: number[]; label: number[]; metrics: Record<string, number> };
    // Two outputs as sklearn-onnx writes them: the label first, the probabilities second.
    const rows: WindowRow[] = golden.probability.map((p, i) => ({
      time: i,
      modelVersion: '1',
      inputs: [],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [1], data: [p >= 0.5 ? '1' : '0'] },
        { name: 'probability', datatype: 'FP32', shape: [1, 1], data: [p] },
      ],
      groundTruth: { label: golden.label[i]! },
    }));
    const withScores = windowPerformance(
      { task: 'classification', labelOutput: 'label', scoreOutput: 'probability' },
      rows,
    );
    for (const [name, value] of Object.entries(golden.metrics)) {
      expect(withScores.metrics[name]?.value, name).toBeCloseTo(value, 10);
    }
    // Without labelOutput the label is the probability's argmax, p >= 0.5 (ties aside).
    const argmax = windowPerformance(
      { task: 'classification', scoreOutput: 'probability', metrics: ['accuracy', 'roc_auc'] },
      rows,
    );
    expect(argmax.metrics['accuracy']?.value).toBeCloseTo(golden.metrics['accuracy']!, 12);
    expect(argmax.metrics['roc_auc']?.value).toBeCloseTo(golden.metrics['roc_auc']!, 10);
    // The first output alone is the label: no scores, and the reason names the fix.
    const labelsOnly = windowPerformance(
      { task: 'classification', metrics: ['accuracy', 'roc_auc'] },
      rows,
    );
    expect(labelsOnly.metrics['accuracy']?.value).toBeCloseTo(golden.metrics['accuracy']!, 12);
    expect(labelsOnly.metrics['roc_auc']?.reason).toContain('performance.scoreOutput');
    // An output the rows do not have leaves every row out.
    const missing = windowPerformance(
      { task: 'classification', scoreOutput: 'proba', metrics: ['accuracy'] },
      rows,
    );
    expect(missing.labelled).toBe(0);
    expect(missing.metrics['accuracy']?.reason).toBe('no ground truth in the window');
  });
});
