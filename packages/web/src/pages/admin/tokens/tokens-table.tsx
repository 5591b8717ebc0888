import type { ApiToken } from '@slipway/sdk';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { ConfirmButton } from '../shared/confirm-button.js';
import { tokenStatus } from './token-status.js';

const STATUS_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

interface TokensTableProps {
  caption: string;
  tokens: ApiToken[];
  /** The token this browser session signed in with, marked so it is not revoked unawares. */
  sessionTokenId: string | undefined;
  now: number;
  pending: boolean;
  onRevoke: (token: ApiToken) => void;
}

/** Tokens with their lifetime and status; active ones can be revoked. */
export function TokensTable({
  caption,
  tokens,
  sessionTokenId,
  now,
  pending,
  onRevoke,
}: TokensTableProps) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">ID</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => {
          const status = tokenStatus(token, now);
          const isSession = token.id === sessionTokenId;
          return (
            <tr key={token.id}>
              <th scope="row">
                {token.name}
                {isSession && <span className="badge">this session</span>}
              </th>
              <td className="mono">{token.id}</td>
              <td>
                <time dateTime={isoTime(token.createdAt)}>{formatTime(token.createdAt)}</time>
              </td>
              <td>
                {token.expiresAt === undefined ? (
                  'Never'
                ) : (
                  <time dateTime={isoTime(token.expiresAt)}>{formatTime(token.expiresAt)}</time>
                )}
              </td>
              <td className={`token-${status}`}>
                {STATUS_LABEL[status]}
                {status === 'revoked' && ` ${formatTime(token.revokedAt)}`}
              </td>
              <td>
                {status === 'active' && (
                  <ConfirmButton
                    title={`Revoke the token “${token.name}”?`}
                    message={
                      <p>
                        {isSession
                          ? 'This browser session signed in with it: you will be signed out.'
                          : 'Scripts and clients using it are refused from now on. This cannot be undone.'}
                      </p>
                    }
                    confirmLabel="Revoke token"
                    disabled={pending}
                    onConfirm={() => onRevoke(token)}
                  >
                    Revoke<span className="visually-hidden"> token {token.name}</span>
                  </ConfirmButton>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
