import { useEffect } from 'react';

/** Sets the tab's title: what a user finds in history, bookmarks and screen reader announcements. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Slipway`;
  }, [title]);
}
