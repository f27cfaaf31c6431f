/**
 * `scanform force-unlock ID [paths]`: frees a state lock left by a run that died or hung. The ID
 * (printed in every "state is locked" message) names the lock: a wrong one changes nothing, so a
 * lock taken since by another run is never freed by mistake. A holder still running on this host
 * is never freed; otherwise a person confirms on a terminal, and a script passes --force.
 */
import { ScanformError } from "../core/errors.js";
import type { StateBackend } from "../state/capabilities.js";
import { forceUnlockOperation } from "../ops/force-unlock.js";
import { formatHolder } from "../state/lock-info.js";
import { confirmed } from "./ask.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import type { CliIO } from "./io.js";
import { pathsArgument, withState } from "./with-state.js";

export const registerForceUnlock: RegisterCommand = (program, io, setExit) => {
  program
    .command("force-unlock")
    .description("Free a state lock by its ID, when the run holding it is gone. Never use it on a run still going.")
    .argument("<id>", "the lock ID, as printed by the command that found the state locked")
    .argument(...pathsArgument)
    .option("--force", "free it without asking (for scripts; a holder still running on this host is refused all the same)")
    .action(async (id: string, paths: string[], raw: { force?: boolean }) => {
      setExit(await withState(paths, io, (backend) => forceUnlock(backend, id, raw.force === true, io)));
    });
};

async function forceUnlock(backend: StateBackend, id: string, force: boolean, io: CliIO): Promise<number> {
  const outcome = await forceUnlockOperation(backend, id, async (holder) => {
    if (force) return true;
    if (io.stdin?.isTTY !== true) throw needsForce(holder.id);
    io.stdout.write(`The state lock at ${backend.describe} is held by ${formatHolder(holder)}.\n`);
    return confirmed(io, "Free it? A run still going elsewhere would then write beside the next one.", new AbortController().signal);
  });
  if (outcome.kind === "kept") {
    io.stderr.write("Force-unlock cancelled: the lock is still held.\n");
    return EXIT.error;
  }
  io.stdout.write(`Freed the state lock at ${backend.describe}; it was held by ${formatHolder(outcome.holder)}.\n`);
  return EXIT.ok;
}

const needsForce = (id: string): ScanformError =>
  new ScanformError("FORCE_UNLOCK_NEEDS_CONFIRMATION", "force-unlock cannot ask for confirmation: stdin is not a terminal.", {
    hint: `Make sure the run holding it is gone, then pass --force: \`scanform force-unlock ${id} --force\`.`,
  });
