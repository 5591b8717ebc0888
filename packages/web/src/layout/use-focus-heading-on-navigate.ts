import { useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { useMatches } from 'react-router';
import { pageKey } from './page-key.js';

interface SeenHeading {
  key: string;
  heading: HTMLHeadingElement | null;
  text: string;
}

/** The page before the navigation is still on screen: its h1, unchanged, is still in the page. */
function stillShown(seen: SeenHeading, main: HTMLElement): boolean {
  const { heading } = seen;
  return heading !== null && main.contains(heading) && heading.textContent === seen.text;
}

/**
 * After an in-app navigation to another page, moves focus to the new page's h1 (made focusable
 * with tabIndex=-1), so that a screen reader announces the new page and the next Tab starts in
 * it, as a full page load would (GOV.UK and React Router's accessibility guidance). Not on the
 * first page of the visit, and not when the heading did not change: a section of the same page
 * (the run page's tabs, its artifact tree, which walks through files by URL) or new search
 * parameters leave focus where the user put it.
 *
 * A layout effect, so the h1 that was on screen is compared before anything else sees the new
 * page; the h1 of a page still loading is waited for. Focus the user moved meanwhile is kept.
 */
export function useFocusHeadingOnNavigate(main: RefObject<HTMLElement | null>): void {
  const key = pageKey(useMatches());
  const seen = useRef<SeenHeading | null>(null);
  // Until a first page has shown its heading, the visit is still loading (the index route's
  // redirect to /experiments included): its focus is the browser's.
  const loaded = useRef(false);
  useLayoutEffect(() => {
    const root = main.current;
    if (root === null) return;
    const before = seen.current;
    let pending =
      loaded.current && before !== null && before.key !== key && !stillShown(before, root);
    const focusedAtNavigation = document.activeElement;
    const settle = () => {
      const heading = root.querySelector('h1');
      seen.current = { key, heading, text: heading?.textContent ?? '' };
      if (heading !== null) loaded.current = true;
      if (!pending || heading === null) return;
      pending = false;
      const active = document.activeElement;
      if (active !== null && active !== document.body && active !== focusedAtNavigation) return;
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus();
    };
    settle();
    // Keeps `seen` current (a page's h1 appears once its data loads; a rename replaces it).
    const observer = new MutationObserver(settle);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [key, main]);
}
