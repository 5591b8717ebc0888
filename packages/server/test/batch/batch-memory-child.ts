// Runs one batch prediction in a process of its own, started by batch-memory.test.ts with a
// small V8 heap: `node --max-old-space-size=<MiB> --conditions=slipway-source --import tsx`.
// Prints the run's summary and the process's memory figures as JSON on stdout.
import { runBatchPrediction } from '../../src/serving/batch/run-batch-prediction.js';
import { loadModelFromDirectory } from '../../src/serving/runtime/model-loader.js';

const [modelDir, input, output] = process.argv.slice(2) as [string, string, string];
const runtime = await loadModelFromDirectory(modelDir, { poolSize: 2 });
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 5);
const summary = await runBatchPrediction({
  runtime,
  input,
  output,
  chunkRows: 1000,
  workers: 2,
  onProgress: sample,
});
clearInterval(sampler);
await runtime.close();
process.stdout.write(
  JSON.stringify({
    rows: summary.rows,
    baselineRssMb: baselineRss / 2 ** 20,
    peakRssGrowthMb: (peakRss - baselineRss) / 2 ** 20,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  }),
);
