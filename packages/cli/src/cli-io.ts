/** Where the CLI writes and what it reads from its environment; injected so tests can capture. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}
