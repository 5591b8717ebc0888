import { useMutation } from '@tanstack/react-query';
import { ErrorDisplay } from '../../../components/error-display.js';
import { useSignedIn } from '../../../session/use-session.js';
import { saveBlob } from '../../../components/save-blob.js';
import { runReportUrl } from './run-report.js';

interface ReportLinkProps {
  monitor: string;
  runId: string;
  /** Names the run for screen readers: "report of the run of <time>". */
  label: string;
}

/**
 * A run's HTML report. With authentication off it is a plain link that opens in a new tab. With
 * it on, a new tab could not send the session's Bearer token (the API takes no cookie), and a
 * blob URL would inherit this page's Content-Security-Policy, which blocks the report's inline
 * script and styles; so it is fetched with the token and saved as a file, which opens offline.
 */
export function ReportLink({ monitor, runId, label }: ReportLinkProps) {
  const { client, caller } = useSignedIn();
  const download = useMutation({
    mutationFn: async () =>
      saveBlob(
        new Blob([await client.monitors.report(monitor, runId)], { type: 'text/html' }),
        `${monitor}-${runId}-report.html`,
      ),
  });
  if (!caller.authEnabled) {
    return (
      <a href={runReportUrl(monitor, runId)} target="_blank" rel="noopener noreferrer">
        Report<span className="visually-hidden"> of {label} (opens in a new tab)</span>
      </a>
    );
  }
  return (
    <>
      <button
        type="button"
        className="mon-link-button"
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {download.isPending ? 'Downloading…' : 'Download report'}
        <span className="visually-hidden"> of {label}</span>
      </button>
      {download.isError && <ErrorDisplay error={download.error} title="Could not get the report" />}
    </>
  );
}
