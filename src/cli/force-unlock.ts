/**
 * `scanform force-unlock ID [paths]`: frees a state lock left by a run that died or hung. The ID
 * (printed in every "state is locked" message) is the confirmation: a wrong one changes nothing,
 * so a lock taken since by another run is never freed by mistake.
 */
import { formatHolder } from "../state/lock-info.js";
import type { RegisterCommand } from "./commands.js";
import { pathsArgument, withState } from "./with-state.js";

export const registerForceUnlock: RegisterCommand = (program, io, setExit) => {
  program
    .command("force-unlock")
    .description("Free a state lock by its ID, when the run holding it is gone. Never use it on a run still going.")
    .argument("<id>", "the lock ID, as printed by the command that found the state locked")
    .argument(...pathsArgument)
    .action(async (id: string, paths: string[]) => {
      setExit(await withState(paths, io, async (backend) => {
        const holder = await backend.lockInfo();
        await backend.forceUnlock(id);
        io.stdout.write(`Freed the state lock at ${backend.describe}${holder ? `; it was held by ${formatHolder(holder)}` : ""}.\n`);
      }));
    });
};
