import { Fragment, useState } from 'react';
import type { AuditEvent } from '@slipway/sdk';
import { formatTime, isoTime } from '../../../format/format-time.js';
import { AuditEventDetails } from './audit-event-details.js';

const COLUMNS = 6;

/** Audit events, newest first; each row's details open below it. */
export function AuditTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  if (events.length === 0) return <p className="empty">No events match.</p>;
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <table className="data-table audit-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">User</th>
          <th scope="col">Action</th>
          <th scope="col">Resource type</th>
          <th scope="col">Resource</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const expanded = open.has(event.id);
          const detailsId = `audit-event-${event.id}`;
          return (
            <Fragment key={event.id}>
              <tr className={expanded ? 'expanded' : undefined}>
                <td>
                  <time dateTime={isoTime(event.time)}>{formatTime(event.time)}</time>
                </td>
                <td>{event.actor}</td>
                <td className="mono">{event.action}</td>
                <td>{event.resourceType.replaceAll('_', ' ')}</td>
                <td className="mono">{event.resourceId}</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={expanded}
                    aria-controls={expanded ? detailsId : undefined}
                    onClick={() => toggle(event.id)}
                  >
                    {expanded ? 'Hide' : 'Show'}
                    <span className="visually-hidden">
                      {' '}
                      details of {event.action} on {event.resourceId}
                    </span>
                  </button>
                </td>
              </tr>
              {expanded && (
                <tr id={detailsId} className="details-row">
                  <td colSpan={COLUMNS}>
                    <AuditEventDetails event={event} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
