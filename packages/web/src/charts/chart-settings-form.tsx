import { useId } from 'react';
import { MAX_SMOOTHING, X_AXIS_OPTIONS } from './chart-settings.js';
import type { ChartSettings } from './chart-settings.js';

interface ChartSettingsFormProps {
  settings: ChartSettings;
  onChange: (changes: Partial<ChartSettings>) => void;
}

/** The controls every chart of a page shares: x axis, smoothing, log scale. */
export function ChartSettingsForm({ settings, onChange }: ChartSettingsFormProps) {
  const id = useId();
  return (
    <div className="chart-settings" role="group" aria-label="Chart settings">
      <fieldset className="chart-x-axis">
        <legend>X axis</legend>
        {X_AXIS_OPTIONS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={`${id}-x`}
              value={option.value}
              checked={settings.xAxis === option.value}
              onChange={() => onChange({ xAxis: option.value })}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <div className="field inline">
        <label htmlFor={`${id}-smooth`}>Smoothing</label>
        <input
          id={`${id}-smooth`}
          type="range"
          min={0}
          max={MAX_SMOOTHING}
          step={0.01}
          value={settings.smoothing}
          aria-valuetext={settings.smoothing === 0 ? 'off' : String(settings.smoothing)}
          onChange={(e) => onChange({ smoothing: Number(e.target.value) })}
        />
        <output htmlFor={`${id}-smooth`} className="mono">
          {settings.smoothing === 0 ? 'off' : settings.smoothing.toFixed(2)}
        </output>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.logY}
          onChange={(e) => onChange({ logY: e.target.checked })}
        />
        Log scale (y)
      </label>
    </div>
  );
}
