/**
 * `scanform force-unlock ID [paths]`: frees a state lock left by a run that died or hung. The ID
 * (printed in every "state is locked" message) names the lock: a wrong one changes nothing, so a
 * lock taken since by another run is never freed by mistake. A holder still running on this host
 * is never freed; otherwise a person confirms on a terminal, and a script passes --force.
 */
import { ScanformError } from "../core/errors.js";
import type { StateBackend } from "../state/capabilities.js";
import { lockHolderRunning, lockIdMismatch } from "../state/errors.js";
import { formatHolder, holderProcess } from "../state/lock-info.js";
import { confirmed } from "./ask.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";
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
  const holder = await backend.lockInfo();
  if (holder?.id !== id) throw lockIdMismatch(backend.describe, id, holder);
  if (holderProcess(holder) === "running") throw lockHolderRunning(backend.describe, holder);
  if (!force) {
    if (io.stdin?.isTTY !== true) throw needsForce(holder.id);
    io.stdout.write(`The state lock at ${backend.describe} is held by ${formatHolder(holder)}.\n`);
    const question = "Free it? A run still going elsewhere would then write beside the next one.";
    if (!(await confirmed(io, question, new AbortController().signal))) {
      io.stderr.write("Force-unlock cancelled: the lock is still held.\n");
      return EXIT.error;
    }
  }
  await backend.forceUnlock(id);
  io.stdout.write(`Freed the state lock at ${backend.describe}; it was held by ${formatHolder(holder)}.\n`);
  return EXIT.ok;
}

const needsForce = (id: string): ScanformError =>
  new ScanformError("FORCE_UNLOCK_NEEDS_CONFIRMATION", "force-unlock cannot ask for confirmation: stdin is not a terminal.", {
    hint: `Make sure the run holding it is gone, then pass --force: \`scanform force-unlock ${id} --force\`.`,
  });
