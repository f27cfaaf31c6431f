/**
 * What the state commands share: open the state the manifests name, hold its lock, and wait for a
 * held lock (`--lock-timeout`). Apply takes the same option.
 */
import { InvalidArgumentError, Option } from "commander";
import { isScanformError } from "../core/errors.js";
import { loadDesired, resolveTemplate } from "../manifest/index.js";
import type { Desired } from "../manifest/model.js";
import { durationMs } from "../manifest/values.js";
import type { StateBackend } from "../state/capabilities.js";
import { STATE_LOCKED } from "../state/errors.js";
import { lockRequest } from "../state/lock-info.js";
import { manifestBaseDir, openBackend } from "../state/open.js";
import { EXIT } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { printDiagnostics } from "./plan.js";

export const pathsArgument = ["[paths...]", "manifest files or directories naming the state (default: the current directory)"] as const;

/** `--lock-timeout 30s`: how long a writing command waits for a held lock (default: not at all). */
export const lockTimeoutOption = (): Option =>
  new Option("--lock-timeout <duration>", "wait this long for a state lock held by another run, e.g. 30s, 5m")
    .argParser(parseLockTimeout)
    .default(0, "0s");

export function parseLockTimeout(value: string): number {
  const ms = durationMs(value);
  if (ms === undefined) throw new InvalidArgumentError("expected a duration like 30s, 5m or 1h");
  return ms;
}

/**
 * Loads the manifests, opens the state they name, runs `body` and closes it. Manifest findings and
 * state errors are printed; the result is the exit code (EXIT.locked for a held lock).
 */
export async function withState(paths: readonly string[], io: CliIO, body: (backend: StateBackend, desired: Desired) => Promise<void>): Promise<number> {
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
      await body(backend, loaded.desired);
    } finally {
      await backend.dispose();
    }
    return EXIT.ok;
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()]);
    return e.code === STATE_LOCKED ? EXIT.locked : EXIT.error;
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

