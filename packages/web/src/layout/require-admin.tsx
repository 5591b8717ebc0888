import type { ReactNode } from 'react';
import { useSignedIn } from '../session/use-session.js';

/**
 * Admin pages. The navigation hides them from others, and the API refuses their calls anyway;
 * this only answers a typed URL with a clear message instead of a page of errors.
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { caller } = useSignedIn();
  if (caller.isAdmin) return children;
  return (
    <section>
      <h1>Administration</h1>
      <p>Only administrators can open this page.</p>
    </section>
  );
}
