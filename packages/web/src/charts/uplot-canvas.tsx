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
  /** The x range the user zoomed to by dragging, or null when a double-click reset it. */
  onZoom?: (range: { min: number; max: number } | null) => void;
}

/**
 * uPlot in React: created when the options change, given new data without being rebuilt, resized
 * with its container (ResizeObserver), destroyed on unmount. uPlot draws on a canvas, which keeps
 * thousands of points per run fast where SVG would slow down.
 */
export function UplotCanvas({ options, data, height, onCursor, onZoom }: UplotCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The latest data and callback, read when the chart is (re)built, without rebuilding for them.
  const latestData = useRef(data);
  const latestOnCursor = useRef(onCursor);
  const latestOnZoom = useRef(onZoom);
  useEffect(() => {
    latestOnCursor.current = onCursor;
    latestOnZoom.current = onZoom;
  }, [onCursor, onZoom]);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const setCursor = (u: uPlot) => {
      const idx = u.cursor.idx;
      latestOnCursor.current?.(idx === undefined || idx === null ? null : idx);
    };
    // A drag selects a range that uPlot zooms to; the selection is the user's zoom (setScale
    // also fires for every redraw and new data, so it cannot tell).
    const setSelect = (u: uPlot) => {
      if (u.select.width <= 0) return;
      const min = u.posToVal(u.select.left, 'x');
      const max = u.posToVal(u.select.left + u.select.width, 'x');
      latestOnZoom.current?.({ min, max });
    };
    const chart = new uPlot(
      {
        ...options,
        width: Math.max(element.clientWidth, 200),
        height,
        hooks: {
          ...options.hooks,
          setCursor: [...(options.hooks?.setCursor ?? []), setCursor],
          setSelect: [...(options.hooks?.setSelect ?? []), setSelect],
        },
      },
      latestData.current,
      element,
    );
    plot.current = chart;
    // uPlot resets the zoom on a double-click; the caller goes back to the whole range.
    const resetZoom = () => latestOnZoom.current?.(null);
    chart.over.addEventListener('dblclick', resetZoom);
    const observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0 && width !== chart.width) chart.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.over.removeEventListener('dblclick', resetZoom);
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
