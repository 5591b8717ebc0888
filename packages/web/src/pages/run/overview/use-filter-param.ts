import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A filter box's text kept in the URL (`?name=text`), so a filtered view can be shared. Typing
 * replaces the history entry rather than adding one per keystroke.
 */
export function useFilterParam(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === '') next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true, preventScrollReset: true },
      ),
    [name, setParams],
  );
  return [params.get(name) ?? '', set];
}
