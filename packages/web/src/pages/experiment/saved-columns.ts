/** Where this browser remembers the columns chosen for each experiment's runs table. */
export function savedColumnsKey(experimentId: string): string {
  return `slipway.runs-columns.${experimentId}`;
}

/** The columns last chosen for the experiment (the `columns` URL text), if any. */
export function readSavedColumns(experimentId: string): string | undefined {
  try {
    return localStorage.getItem(savedColumnsKey(experimentId)) ?? undefined;
  } catch {
    // Storage refused (a privacy setting): columns are then only in the URL.
    return undefined;
  }
}

export function saveColumns(experimentId: string, columns: string): void {
  try {
    localStorage.setItem(savedColumnsKey(experimentId), columns);
  } catch {
    // As above; the URL still carries the choice.
  }
}
