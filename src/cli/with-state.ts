/**
 * What the state commands share: open the state the manifests name, and hold its lock.
 */
import { isScanformError } from "../core/errors.js";
import { loadDesired, resolveTemplate } from "../manifest/index.js";
import type { Desired } from "../manifest/model.js";
import type { StateBackend } from "../state/capabilities.js";
import { lockRequest } from "../state/lock-info.js";
import { manifestBaseDir, openBackend } from "../state/open.js";
import { EXIT } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { printDiagnostics } from "./plan.js";
import { exitFor } from "./run-deps.js";

export const pathsArgument = ["[paths...]", "manifest files or directories naming the state (default: the current directory)"] as const;

/**
 * Loads the manifests, opens the state they name, runs `body` and closes it. Manifest findings and
 * state errors are printed; the result is the exit code: the body's own when it returns one,
 * EXIT.locked for a held lock.
 */
export async function withState(paths: readonly string[], io: CliIO, body: (backend: StateBackend, desired: Desired) => Promise<void | number>): Promise<number> {
  try {
    const loaded = await loadDesired(paths, { cwd: io.cwd });
    if (!loaded.ok) {
      printDiagnostics(io.stderr, loaded.diagnostics);
      return EXIT.error;
    }
    const backend = await openBackend(loaded.desired.state, {
      baseDir: await manifestBaseDir(paths, io.cwd),
      env: io.env,
      resolve: (template, where) => resolveTemplate(template, io.env, where),
    });
    try {
      return (await body(backend, loaded.desired)) ?? EXIT.ok;
    } finally {
      await backend.dispose();
    }
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()]);
    return exitFor(e);
  }
}

/** Runs `body` holding the state lock, named for the command so others see what holds it. */
export async function locked(backend: StateBackend, io: CliIO, operation: string, timeoutMs: number, body: () => Promise<void>): Promise<void> {
  const handle = await backend.lock(lockRequest(operation, io.env), { timeoutMs });
  try {
    await body();
  } finally {
    await handle.release();
  }
}

