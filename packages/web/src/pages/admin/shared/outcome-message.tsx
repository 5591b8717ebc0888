import { ErrorDisplay } from '../../../components/error-display.js';
import type { Outcome } from './use-outcome.js';

/**
 * The last action's outcome. The status region is always in the page, so screen readers
 * announce a confirmation when its text changes; errors are announced by ErrorDisplay's alert.
 */
export function OutcomeMessage({ outcome }: { outcome: Outcome | undefined }) {
  return (
    <>
      <p className="outcome" role="status">
        {outcome?.kind === 'done' ? outcome.message : ''}
      </p>
      {outcome?.kind === 'failed' && <ErrorDisplay error={outcome.error} title={outcome.title} />}
    </>
  );
}
