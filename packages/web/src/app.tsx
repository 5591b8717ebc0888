import { RouterProvider } from 'react-router';
import { router } from './routes.js';
import { SessionProvider } from './session/session-provider.js';

/** The whole UI: who is signed in (and the query cache that belongs to them), then the routes. */
export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
