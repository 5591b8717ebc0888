import { useCallback } from 'react';
import { useUrlParams } from '../search/use-url-params.js';
import { chartSettingsParams, readChartSettings } from './chart-settings.js';
import type { ChartSettings } from './chart-settings.js';

/**
 * The page's chart settings, read from and written to the URL (`x`, `smooth`, `log`). Changes
 * replace the history entry (dragging the smoothing slider would otherwise add dozens) and apply
 * at once, as a control's own state would: they come from the settings form's event handlers.
 */
export function useChartSettings(): [ChartSettings, (changes: Partial<ChartSettings>) => void] {
  const { params, updateNow } = useUrlParams({ replace: true });
  const change = useCallback(
    (changes: Partial<ChartSettings>) => updateNow(chartSettingsParams(changes)),
    [updateNow],
  );
  return [readChartSettings(params), change];
}
