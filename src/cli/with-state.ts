/**
 * What the state commands share: open the state the manifests name, and hold its lock.
 */
import { isScanformError } from "../core/errors.js";
import type { Desired } from "../manifest/model.js";
import { withLock } from "../ops/lock.js";
import { openState } from "../ops/state.js";
import { paletteFor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import type { StateBackend } from "../state/capabilities.js";
import { lockRequest } from "../state/lock-info.js";
import { EXIT } from "../core/exit-codes.js";
import type { CliIO } from "./io.js";
import { exitFor } from "./run-deps.js";

export const pathsArgument = ["[paths...]", "manifest files or directories naming the state (default: the current directory)"] as const;

/**
 * Loads the manifests, opens the state they name, runs `body` and closes it. Manifest findings and
 * state errors are printed; the result is the exit code: the body's own when it returns one,
 * EXIT.locked for a held lock.
 */
export async function withState(paths: readonly string[], io: CliIO, body: (backend: StateBackend, desired: Desired) => Promise<void | number>): Promise<number> {
  try {
    const opened = await openState(paths, io);
    if (!opened.ok) {
      printDiagnostics(io.stderr, opened.diagnostics, paletteFor(io.stderr, io.env));
      return EXIT.error;
    }
    try {
      return (await body(opened.backend, opened.desired)) ?? EXIT.ok;
    } finally {
      await opened.backend.dispose();
    }
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()], paletteFor(io.stderr, io.env));
    return exitFor(e);
  }
}

/** Runs `body` holding the state lock, named for the command so others see what holds it. */
export function locked(backend: StateBackend, io: CliIO, operation: string, timeoutMs: number, body: () => Promise<void>): Promise<void> {
  return withLock(backend, lockRequest(operation, io.env), timeoutMs, body);
}

