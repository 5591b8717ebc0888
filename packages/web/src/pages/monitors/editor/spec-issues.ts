import { isSlipwayError } from '@slipway/sdk';

/** One problem of a spec as the server words it: `window.duration: must be ...`. */
export interface SpecProblem {
  path: string;
  message: string;
}

/**
 * The field-path problems of a refused spec (the server's `details.issues`), or undefined when
 * the error is not a spec's (then it is shown as any error is).
 */
export function specProblems(error: unknown): SpecProblem[] | undefined {
  if (!isSlipwayError(error) || error.code !== 'INVALID_ARGUMENT') return undefined;
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return undefined;
  const problems = issues.flatMap((issue: unknown) => {
    if (issue === null || typeof issue !== 'object') return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    return typeof message === 'string'
      ? [{ path: typeof path === 'string' ? path : '', message }]
      : [];
  });
  return problems.length > 0 ? problems : undefined;
}
