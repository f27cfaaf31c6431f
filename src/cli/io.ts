/** The edges a command may touch, injected so commands are tested without a real process. */
import type { Writable } from "../core/writable.js";

export type { Writable };

export interface CliIO {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}
