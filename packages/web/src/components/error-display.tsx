import { isSlipwayError } from '@slipway/sdk';

interface ErrorDisplayProps {
  error: unknown;
  /** What failed, e.g. "Could not load the experiments". */
  title?: string;
  /** Shown as a "Try again" button when given. */
  onRetry?: () => void;
}

/**
 * An error as the user can act on it: the SlipwayError's code and the server's message (which
 * says what to change), or a plain message for anything else. Announced to screen readers.
 */
export function ErrorDisplay({
  error,
  title = 'Something went wrong',
  onRetry,
}: ErrorDisplayProps) {
  const code = isSlipwayError(error) ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-display" role="alert">
      <p className="error-title">
        {title}
        {code !== undefined && <code className="error-code">{code}</code>}
      </p>
      <p className="error-message">{message}</p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
