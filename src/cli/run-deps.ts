/** What apply, wait and status share: injected clock, ids, interrupts and sleep, their workspace, and how their errors become exit codes. */
import { isScanformError, type ScanformError } from "../core/errors.js";
import type { LoadResult } from "../manifest/index.js";
import { sleep } from "../http/sleep.js";
import { STATE_LOCKED } from "../state/errors.js";
import { EXIT } from "../core/exit-codes.js";
import type { InterruptSource } from "./interrupts.js";
import type { CliIO } from "./io.js";
import type { OpenWorkspace, Workspace } from "../ops/workspace.js";
import { ManifestInvalidError } from "../ops/open-workspace.js";
import { paletteFor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { formatDiagnostic, validateJson, validateSummary } from "../render/validate.js";

export interface RunDeps {
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Default: nothing interrupts (the integrator passes processInterrupts). */
  readonly interrupts?: InterruptSource;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** `--poll-interval`'s default: often enough to follow a scan that runs for minutes, rarely enough to spare the vendor's rate limits. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** Resolves after `ms`, or as soon as `signal` aborts. */
export const realSleep = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, signal).catch(() => undefined);

export function exitFor(e: ScanformError): number {
  if (e.code === STATE_LOCKED) return EXIT.locked;
  if (e.code === "PLAN_STALE") return EXIT.stalePlan;
  return EXIT.error;
}

/**
 * Opens the workspace of `paths` (default: the current directory), runs `body` and closes it. A
 * ScanformError from either is printed and becomes its exit code; anything else is a bug and is
 * rethrown. Manifests that do not load are printed finding by finding on stderr, as `validate`
 * prints them, so no command sends a person to another to see them; with `findingsAsJson` (plan
 * --json, whose document validate's shares), as validate's JSON on stdout instead.
 */
export async function inWorkspace(openWorkspace: OpenWorkspace, paths: readonly string[], io: CliIO, options: { readonly debug: boolean; readonly findingsAsJson?: boolean }, body: (ws: Workspace) => Promise<number>): Promise<number> {
  try {
    const ws = await openWorkspace(paths.length > 0 ? paths : ["."], io, { debug: options.debug });
    try {
      return await body(ws);
    } finally {
      await ws.close();
    }
  } catch (e) {
    if (!isScanformError(e)) throw e;
    if (e instanceof ManifestInvalidError) printManifestFindings(io, e.result, options.findingsAsJson === true);
    else printDiagnostics(io.stderr, [e.toDiagnostic()], paletteFor(io.stderr, io.env));
    return exitFor(e);
  }
}

function printManifestFindings(io: CliIO, result: LoadResult & { readonly ok: false }, json: boolean): void {
  if (json) {
    io.stdout.write(validateJson(result));
    return;
  }
  for (const d of result.diagnostics) io.stderr.write(formatDiagnostic(d, paletteFor(io.stderr, io.env)));
  io.stderr.write(validateSummary(result));
}
