/** What the horizontal axis of a metric chart measures. */
export type XAxis = 'step' | 'wall' | 'relative';

export const X_AXIS_OPTIONS: ReadonlyArray<{ value: XAxis; label: string }> = [
  { value: 'step', label: 'Step' },
  { value: 'wall', label: 'Wall time' },
  { value: 'relative', label: 'Relative time' },
];

/** How metric charts draw; kept in the URL (`x`, `smooth`, `log`) so a shared link shows the same. */
export interface ChartSettings {
  xAxis: XAxis;
  /** Exponential moving average weight, 0 (none) to 0.99. */
  smoothing: number;
  logY: boolean;
}

export const MAX_SMOOTHING = 0.99;

export function readChartSettings(params: URLSearchParams): ChartSettings {
  const x = params.get('x');
  const smooth = Number(params.get('smooth') ?? '0');
  return {
    xAxis: X_AXIS_OPTIONS.find((o) => o.value === x)?.value ?? 'step',
    smoothing: Number.isFinite(smooth) ? Math.min(Math.max(smooth, 0), MAX_SMOOTHING) : 0,
    logY: params.get('log') === '1',
  };
}

/** The URL parameters for `settings`; defaults are left out so URLs stay short. */
export function chartSettingsParams(
  settings: Partial<ChartSettings>,
): Record<string, string | undefined> {
  const changes: Record<string, string | undefined> = {};
  if (settings.xAxis !== undefined) {
    changes.x = settings.xAxis === 'step' ? undefined : settings.xAxis;
  }
  if (settings.smoothing !== undefined) {
    changes.smooth = settings.smoothing > 0 ? String(settings.smoothing) : undefined;
  }
  if (settings.logY !== undefined) changes.log = settings.logY ? '1' : undefined;
  return changes;
}

export function xAxisLabel(xAxis: XAxis): string {
  if (xAxis === 'wall') return 'Wall time';
  if (xAxis === 'relative') return 'Relative time (s)';
  return 'Step';
}
