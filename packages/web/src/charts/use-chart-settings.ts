import { useCallback } from 'react';
import { chartSettingsParams, readChartSettings } from './chart-settings.js';
import type { ChartSettings } from './chart-settings.js';
import { useReplaceParams } from './use-replace-params.js';

/**
 * The page's chart settings, read from and written to the URL (`x`, `smooth`, `log`). Changes
 * replace the history entry: dragging the smoothing slider would otherwise add dozens.
 */
export function useChartSettings(): [ChartSettings, (changes: Partial<ChartSettings>) => void] {
  const [params, update] = useReplaceParams();
  const change = useCallback(
    (changes: Partial<ChartSettings>) => update(chartSettingsParams(changes)),
    [update],
  );
  return [readChartSettings(params), change];
}
