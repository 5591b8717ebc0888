import type uPlot from 'uplot';
import { xAxisLabel } from './chart-settings.js';
import type { ChartSettings } from './chart-settings.js';
import type { ChartRun } from './metric-series.js';

const AXIS = {
  stroke: '#52606d',
  grid: { stroke: '#e4e7eb', width: 1 },
  ticks: { stroke: '#d9e2ec', width: 1 },
};

/** Steps are whole numbers: tick spacings of 1, 2 and 5 times a power of ten, never halves. */
const STEP_INCREMENTS = Array.from({ length: 10 }, (_, p) =>
  [1, 2, 5].map((m) => m * 10 ** p),
).flat();

/**
 * uPlot's options for one metric over several runs: one series per run with its colour and dash,
 * uPlot's own legend off (ours is HTML, with the line samples), gaps spanned where runs logged at
 * different x values, a log-10 y scale when asked for (and when anything can be drawn on it).
 */
export function chartOptions(
  metricKey: string,
  runs: readonly ChartRun[],
  settings: ChartSettings,
  logPossible: boolean,
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: false },
    cursor: { points: { size: 8 } },
    scales: {
      x: { time: settings.xAxis === 'wall' },
      y: settings.logY && logPossible ? { distr: 3, log: 10 } : {},
    },
    axes: [
      {
        ...AXIS,
        label: xAxisLabel(settings.xAxis),
        ...(settings.xAxis === 'step' ? { incrs: STEP_INCREMENTS } : {}),
      },
      { ...AXIS, label: metricKey, size: 64 },
    ],
    series: [
      {},
      ...runs.map((run) => ({
        label: run.name,
        stroke: run.style.color,
        dash: run.style.dash,
        width: 2,
        spanGaps: true,
      })),
    ],
  };
}
