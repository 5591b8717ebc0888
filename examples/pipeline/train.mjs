// "Trains" a threshold rule on a seeded half of the rows, scores it on the other half, and logs the
// accuracy to the step's MLflow run through MLflow's REST API (what an MLflow client would do).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const seed = Number(process.argv[2] ?? 1);
const rows = readFileSync(join(process.env.SLIPWAY_INPUTS, 'prepare', 'churn.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number));
const test = rows.filter((_, i) => (i * 7919 + seed) % 2 === 0);
const threshold = 60 + seed * 5;
const correct = test.filter(([tenure, charges, churned]) => {
  const predicted = tenure < 12 && charges > threshold ? 1 : 0;
  return predicted === churned;
}).length;
const accuracy = correct / test.length;
writeFileSync(
  join(process.env.SLIPWAY_OUTPUTS, 'model.json'),
  JSON.stringify({ seed, threshold, accuracy }),
);

const response = await fetch(`${process.env.MLFLOW_TRACKING_URI}/api/2.0/mlflow/runs/log-metric`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(process.env.MLFLOW_TRACKING_TOKEN
      ? { authorization: `Bearer ${process.env.MLFLOW_TRACKING_TOKEN}` }
      : {}),
  },
  body: JSON.stringify({
    run_id: process.env.MLFLOW_RUN_ID,
    key: 'accuracy',
    value: accuracy,
    timestamp: Date.now(),
    step: 0,
  }),
});
if (!response.ok) throw new Error(`log-metric: ${response.status} ${await response.text()}`);
console.log(`seed ${seed}: threshold ${threshold}, accuracy ${accuracy.toFixed(3)}`);
