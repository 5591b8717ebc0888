/** Where the CLI writes and what it reads from its environment; injected so tests can capture. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /**
   * Where secrets such as passwords are read from (`--password-stdin`), so they never appear in
   * argv. process.stdin unless injected; read only by the commands that ask for it.
   */
  stdin?: AsyncIterable<string | Uint8Array> | undefined;
}
