import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface UplotCanvasProps {
  /** Everything but the size, which follows the container. Memoise it: a new object redraws. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** The aligned index under the pointer, or null when it leaves the chart. */
  onCursor?: (idx: number | null) => void;
}

/**
 * uPlot in React: created when the options change, given new data without being rebuilt, resized
 * with its container (ResizeObserver), destroyed on unmount. uPlot draws on a canvas, which keeps
 * thousands of points per run fast where SVG would slow down.
 */
export function UplotCanvas({ options, data, height, onCursor }: UplotCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The latest data and callback, read when the chart is (re)built, without rebuilding for them.
  const latestData = useRef(data);
  const latestOnCursor = useRef(onCursor);
  useEffect(() => {
    latestOnCursor.current = onCursor;
  }, [onCursor]);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const setCursor = (u: uPlot) => {
      const idx = u.cursor.idx;
      latestOnCursor.current?.(idx === undefined || idx === null ? null : idx);
    };
    const chart = new uPlot(
      {
        ...options,
        width: Math.max(element.clientWidth, 200),
        height,
        hooks: { ...options.hooks, setCursor: [...(options.hooks?.setCursor ?? []), setCursor] },
      },
      latestData.current,
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0 && width !== chart.width) chart.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    if (latestData.current === data) return;
    latestData.current = data;
    plot.current?.setData(data);
  }, [data]);

  return <div ref={host} className="uplot-host" data-testid="chart-canvas" />;
}
