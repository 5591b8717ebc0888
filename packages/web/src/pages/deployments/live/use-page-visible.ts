import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

const isVisible = () => document.visibilityState === 'visible';

/**
 * Whether the tab is shown (Page Visibility API): a hidden tab needs no live figures, so streams
 * stop while it is and resume when it is shown again.
 */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribe, isVisible);
}
