import type { AuditEvent } from '@slipway/sdk';

/** A changed-fields record as readable JSON; "—" where the event has none (a creation's before). */
function Fields({ label, fields }: { label: string; fields: Record<string, unknown> | undefined }) {
  // A figure rather than a heading: the table sits under an h1 on one page and an h2 on another.
  return (
    <figure>
      <figcaption>{label}</figcaption>
      {fields === undefined ? (
        <p className="empty">—</p>
      ) : (
        // Focusable: a long record scrolls, and keyboard users must be able to scroll it.
        <pre className="mono" tabIndex={0}>
          {JSON.stringify(fields, null, 2)}
        </pre>
      )}
    </figure>
  );
}

/** Everything the log holds about one event: exact time, token, and the fields before and after. */
export function AuditEventDetails({ event }: { event: AuditEvent }) {
  return (
    <div className="audit-details">
      <dl className="facts">
        <div>
          <dt>Event</dt>
          <dd className="mono">{event.id}</dd>
        </div>
        <div>
          <dt>Time (UTC)</dt>
          <dd className="mono">{new Date(event.time).toISOString()}</dd>
        </div>
        <div>
          <dt>Token</dt>
          <dd className="mono">{event.tokenId ?? 'none (password or no authentication)'}</dd>
        </div>
      </dl>
      <div className="before-after">
        <Fields label="Before" fields={event.before} />
        <Fields label="After" fields={event.after} />
      </div>
    </div>
  );
}
