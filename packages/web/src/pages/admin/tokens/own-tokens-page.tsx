import { usePageTitle } from '../../../components/use-page-title.js';
import { useSignedIn } from '../../../session/use-session.js';
import { TokenManager } from './token-manager.js';
import '../../../styles/admin.css';

/** `/settings/tokens`: every signed-in user's own API tokens, for scripts, CI and notebooks. */
export default function OwnTokensPage() {
  usePageTitle('Your API tokens');
  const { caller } = useSignedIn();
  return (
    <section aria-labelledby="own-tokens-heading" className="admin">
      <h1 id="own-tokens-heading">Your API tokens</h1>
      {caller.authEnabled ? (
        <>
          <p className="lead">
            A token lets a script, CI job or notebook act as you (<strong>{caller.username}</strong>
            ) with your permissions, without your password. Give each its own token, with an expiry,
            and revoke it when it is no longer needed.
          </p>
          <TokenManager username={undefined} />
        </>
      ) : (
        <p>
          This server runs with authentication off: every request acts as the anonymous
          administrator, and API tokens are not needed. Tokens belong to users of a server with{' '}
          <code>--auth on</code>.
        </p>
      )}
    </section>
  );
}
