import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

type Changes = Record<string, string | undefined>;

export interface UrlParams {
  params: URLSearchParams;
  /** Sets (or, with undefined or '', removes) some parameters and keeps the others. */
  update: (changes: Changes) => void;
  /**
   * `update` applied at once (React's flushSync) rather than in the router's transition: for a
   * control whose state is the URL (a checkbox, a select), which would otherwise show its new
   * state a moment after the click. From event handlers only: React forbids flushSync during
   * render and in effects, so an effect (or anything it calls) uses `update`.
   */
  updateNow: (changes: Changes) => void;
}

/**
 * The page's filters live in the URL, so a URL shared or bookmarked opens the same view. With
 * `replace`, changes replace the history entry: for state that changes by the keystroke or slider
 * step, where Back should leave the page rather than undo one character.
 */
export function useUrlParams({ replace = false }: { replace?: boolean } = {}): UrlParams {
  const [params, setParams] = useSearchParams();
  const apply = useCallback(
    (changes: Changes, flushSync: boolean) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace, flushSync },
      ),
    [setParams, replace],
  );
  const update = useCallback((changes: Changes) => apply(changes, false), [apply]);
  const updateNow = useCallback((changes: Changes) => apply(changes, true), [apply]);
  return { params, update, updateNow };
}
