import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, CreatedToken } from '@slipway/sdk';
import { adminKeys } from '../../../api/admin-keys.js';
import { ErrorDisplay } from '../../../components/error-display.js';
import { Loading } from '../../../components/loading.js';
import { useSignedIn } from '../../../session/use-session.js';
import { OutcomeMessage } from '../shared/outcome-message.js';
import { useOutcome } from '../shared/use-outcome.js';
import { CreateTokenForm } from './create-token-form.js';
import { expiryDays } from './expiry-options.js';
import type { ExpiryValue } from './expiry-options.js';
import { TokenSecret } from './token-secret.js';
import { newestFirst, tokenStatus } from './token-status.js';
import { TokensTable } from './tokens-table.js';

/**
 * One user's API tokens: create (the secret shown once), list and revoke. `username` undefined:
 * the caller's own; otherwise an admin managing someone else's.
 */
export function TokenManager({ username }: { username: string | undefined }) {
  const { client, caller } = useSignedIn();
  const queryClient = useQueryClient();
  const [outcome, report] = useOutcome();
  // The secret lives only in this state: gone when the user clicks Done or leaves the page.
  const [created, setCreated] = useState<CreatedToken>();
  const owner = username ?? caller.username;
  const query = useQuery({
    queryKey: adminKeys.tokens.of(username),
    queryFn: () => client.tokens.list(username === undefined ? {} : { username }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.tokens.all });
  const create = useMutation({
    mutationFn: (v: { name: string; expiry: ExpiryValue }) => {
      const days = expiryDays(v.expiry);
      return client.tokens.create({
        name: v.name,
        ...(days === undefined ? {} : { expiresInDays: days }),
        ...(username === undefined ? {} : { username }),
      });
    },
    // Not kept in the mutation cache once shown: the secret must not outlive its display.
    gcTime: 0,
    onSuccess: (result) => {
      setCreated(result);
      report.done(`Created the token “${result.token.name}”.`);
    },
    onError: (err) => report.failed('Could not create the token', err),
    onSettled: refresh,
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => client.tokens.revoke(token.id),
    onSuccess: (_, token) => report.done(`Revoked the token “${token.name}”.`),
    onError: (err, token) => report.failed(`Could not revoke the token “${token.name}”`, err),
    onSettled: refresh,
  });

  // Statuses as of when the list was fetched (render stays pure; a refetch updates both).
  const now = query.dataUpdatedAt;
  const tokens = newestFirst(query.data ?? []);
  const active = tokens.filter((t) => tokenStatus(t, now) === 'active');
  const inactive = tokens.filter((t) => tokenStatus(t, now) !== 'active');
  const pending = revoke.isPending || create.isPending;
  const tableProps = {
    sessionTokenId: caller.tokenId,
    now,
    pending,
    onRevoke: (token: ApiToken) => revoke.mutate(token),
  };
  return (
    <>
      <OutcomeMessage outcome={outcome} />
      {created !== undefined && (
        <TokenSecret created={created} onDone={() => setCreated(undefined)} />
      )}
      <CreateTokenForm
        owner={username === undefined ? 'yourself' : owner}
        pending={create.isPending}
        onCreate={(name, expiry) => {
          setCreated(undefined);
          create.mutate({ name, expiry });
        }}
      />
      <h2>Active tokens</h2>
      {query.isError && (
        <ErrorDisplay
          error={query.error}
          title={`Could not list the tokens of ${owner}`}
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && <Loading label="Loading tokens" />}
      {query.isSuccess &&
        (active.length === 0 ? (
          <p className="empty">No active tokens.</p>
        ) : (
          <TokensTable caption={`Active tokens of ${owner}`} tokens={active} {...tableProps} />
        ))}
      {inactive.length > 0 && (
        <details className="inactive-tokens">
          <summary>Revoked and expired tokens ({inactive.length})</summary>
          <TokensTable
            caption={`Revoked and expired tokens of ${owner}`}
            tokens={inactive}
            {...tableProps}
          />
        </details>
      )}
    </>
  );
}
