/** A stream text is written to: a terminal, a pipe, a file, or a test's buffer. */
export interface Writable {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}
