/**
 * `scanform state list | show ADDR | rm ADDR | mv FROM TO [paths]`: read and edit what scanform
 * has recorded, without contacting any vendor. The state is the one the manifests name (their
 * `state` block), found the same way plan and apply find it. Writers take the lock; a held lock
 * exits with EXIT.locked and says who holds it.
 */
import { InvalidArgumentError, Option } from "commander";
import { stringify } from "yaml";
import { isScanformError } from "../core/errors.js";
import { loadDesired, resolveTemplate } from "../manifest/index.js";
import { durationMs } from "../manifest/values.js";
import type { StateBackend } from "../state/capabilities.js";
import { STATE_LOCKED, addressNotFound } from "../state/errors.js";
import { lockRequest } from "../state/lock-info.js";
import type { StateEntry } from "../state/model.js";
import { manifestBaseDir, openBackend } from "../state/open.js";
import { addresses, entryAt, moveEntry, removeEntry } from "../state/snapshot.js";
import { updateState } from "../state/update.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { printDiagnostics } from "./plan.js";

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
export async function withState(paths: readonly string[], io: CliIO, body: (backend: StateBackend) => Promise<void>): Promise<number> {
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
      await body(backend);
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
async function locked(backend: StateBackend, io: CliIO, operation: string, timeoutMs: number, body: () => Promise<void>): Promise<void> {
  const handle = await backend.lock(lockRequest(operation, io.env), { timeoutMs });
  try {
    await body();
  } finally {
    await handle.release();
  }
}

/** An entry as `state show` prints it: the fields people look for first, the spec last. */
export function showEntry(entry: StateEntry, format: "yaml" | "json"): string {
  const shown = {
    address: entry.address,
    ids: entry.ids,
    origin: entry.origin,
    protect: entry.protect,
    lastRun: entry.lastRun ?? "none",
    updatedAt: entry.updatedAt,
    digest: entry.digest,
    spec: entry.spec,
  };
  return format === "json" ? `${JSON.stringify({ ...shown, lastRun: entry.lastRun ?? null }, null, 2)}\n` : stringify(shown, { lineWidth: 0 });
}

const pathsArgument = ["[paths...]", "manifest files or directories naming the state (default: the current directory)"] as const;

export const registerState: RegisterCommand = (program, io, setExit) => {
  const state = program.command("state").description("Inspect and edit what scanform has recorded about the objects it manages.");

  state
    .command("list")
    .description("List the addresses in the state, one per line.")
    .argument(...pathsArgument)
    .action(async (paths: string[]) => {
      setExit(await withState(paths, io, async (backend) => {
        const snapshot = await backend.read();
        if (snapshot) io.stdout.write(addresses(snapshot).map((a) => `${a}\n`).join(""));
      }));
    });

  state
    .command("show")
    .description("Show what the state records for one address: vendor ids, origin, protect, last run, spec.")
    .argument("<address>", "e.g. qualys.webApp.shop")
    .argument(...pathsArgument)
    .option("--json", "print it as JSON")
    .action(async (address: string, paths: string[], flags: { json?: boolean }) => {
      setExit(await withState(paths, io, async (backend) => {
        const snapshot = await backend.read();
        if (!snapshot) throw addressNotFound(backend.describe, address);
        io.stdout.write(showEntry(entryAt(snapshot, address, backend.describe), flags.json ? "json" : "yaml"));
      }));
    });

  state
    .command("rm")
    .description("Forget an address: the object at the vendor is left as it is and is no longer managed.")
    .argument("<address>", "e.g. qualys.webApp.shop")
    .argument(...pathsArgument)
    .addOption(lockTimeoutOption())
    .action(async (address: string, paths: string[], flags: { lockTimeout: number }) => {
      setExit(await withState(paths, io, (backend) =>
        locked(backend, io, "state rm", flags.lockTimeout, async () => {
          let ids: StateEntry["ids"] = {};
          await updateState(backend, (s) => {
            ids = entryAt(s, address, backend.describe).ids;
            return removeEntry(s, address, backend.describe);
          });
          const idText = Object.entries(ids).map(([k, v]) => `${k} ${v}`).join(", ");
          io.stdout.write(`Removed ${address}${idText ? ` (${idText})` : ""} from the state. The object at the vendor was not touched; scanform no longer manages it.\n`);
        })));
    });

  state
    .command("mv")
    .description("Rename an address in the state, keeping its vendor ids, so the next plan shows no delete + create.")
    .argument("<from>", "the address the state holds now")
    .argument("<to>", "its new address (same vendor and kind)")
    .argument(...pathsArgument)
    .addOption(lockTimeoutOption())
    .action(async (from: string, to: string, paths: string[], flags: { lockTimeout: number }) => {
      setExit(await withState(paths, io, (backend) =>
        locked(backend, io, "state mv", flags.lockTimeout, async () => {
          await updateState(backend, (s) => moveEntry(s, from, to, backend.describe));
          io.stdout.write(`Moved ${from} to ${to}.\n`);
        })));
    });
};
