import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Sets (or, with undefined or '', removes) URL parameters, keeping the others, and replaces the
 * history entry: for state that changes by the keystroke or slider step, where Back should leave
 * the page rather than undo one character.
 */
export function useReplaceParams(): [
  URLSearchParams,
  (changes: Record<string, string | undefined>) => void,
] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, update];
}
