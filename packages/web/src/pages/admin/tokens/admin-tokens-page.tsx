import { usePageTitle } from '../../../components/use-page-title.js';
import { useUrlParams } from '../../../search/use-url-params.js';
import { UserSelect } from '../shared/user-select.js';
import { TokenManager } from './token-manager.js';

/** `/admin/tokens?user=<name>`: any user's API tokens, to see, revoke or create one for them. */
export default function AdminTokensPage() {
  usePageTitle('Tokens');
  const { params, updateNow } = useUrlParams();
  const user = params.get('user') ?? '';
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">Tokens</h1>
      <p className="lead">
        Every user&apos;s API tokens, sign-in sessions of the web UI included. Revoking one refuses
        its requests at once.
      </p>
      <UserSelect
        id="tokens-user"
        label="User"
        value={user}
        onChange={(username) => updateNow({ user: username })}
      />
      {user === '' ? (
        <p className="empty">Choose a user to see their tokens.</p>
      ) : (
        // A new manager per user: a secret shown for one user is not left on screen for another.
        <TokenManager key={user} username={user} />
      )}
    </section>
  );
}
