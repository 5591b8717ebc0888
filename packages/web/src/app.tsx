// From react-router/dom: it hands the router ReactDOM.flushSync, without which the `flushSync`
// option of a navigation (controls bound to the URL, see useUrlParams) is silently ignored.
import { RouterProvider } from 'react-router/dom';
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
