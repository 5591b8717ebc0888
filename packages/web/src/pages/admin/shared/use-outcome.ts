import { useCallback, useMemo, useState } from 'react';

/** What the last action on a page came to: a short confirmation, or the server's refusal. */
export type Outcome =
  { kind: 'done'; message: string } | { kind: 'failed'; title: string; error: unknown };

export interface OutcomeReporter {
  done(message: string): void;
  failed(title: string, error: unknown): void;
  clear(): void;
}

/**
 * One outcome per page, shown above its table: actions run from many rows, and the user needs
 * to read what the server said about the one they just took (e.g. "the last admin stays").
 */
export function useOutcome(): [Outcome | undefined, OutcomeReporter] {
  const [outcome, setOutcome] = useState<Outcome>();
  const done = useCallback((message: string) => setOutcome({ kind: 'done', message }), []);
  const failed = useCallback(
    (title: string, error: unknown) => setOutcome({ kind: 'failed', title, error }),
    [],
  );
  const clear = useCallback(() => setOutcome(undefined), []);
  const reporter = useMemo(() => ({ done, failed, clear }), [done, failed, clear]);
  return [outcome, reporter];
}
