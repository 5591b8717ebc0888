/** A failure of one step of a monitor run, named so that the stored run says what to fix. */
export async function step<T>(what: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new Error(`${what}: ${messageOf(err)}`, { cause: err });
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
