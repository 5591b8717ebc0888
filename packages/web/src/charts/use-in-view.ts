import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

/**
 * Whether an element has come near the viewport (and stays true once it has): a page with a
 * hundred metric charts fetches and draws only those the user scrolls to.
 */
export function useInView<T extends HTMLElement>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(() => typeof window.IntersectionObserver !== 'function');
  useEffect(() => {
    const element = ref.current;
    if (seen || element === null) return;
    const observer = new window.IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: '300px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen]);
  return [ref, seen];
}
