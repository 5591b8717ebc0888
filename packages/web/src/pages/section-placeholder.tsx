import type { ReactNode } from 'react';
import { usePageTitle } from '../components/use-page-title.js';

/** A section whose pages are not built yet: says so, and where to do the same meanwhile. */
export function SectionPlaceholder({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <section>
      <h1>{title}</h1>
      {children}
    </section>
  );
}
