import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's filters live in the URL, so a URL shared or bookmarked opens the same view. `update`
 * sets (or, with undefined or '', removes) some parameters and keeps the others.
 */
export function useUrlParams(): {
  params: URLSearchParams;
  update: (changes: Record<string, string | undefined>) => void;
} {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      }),
    [setParams],
  );
  return { params, update };
}
