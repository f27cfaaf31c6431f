import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerDoctor } from "./doctor.js";
import { emulateCommand } from "./emulate.js";
import { registerForceUnlock } from "./force-unlock.js";
import { processInterrupts } from "./interrupts.js";
import type { CliIO } from "./io.js";
import { openWorkspace } from "../ops/open-workspace.js";
import { registerPlan } from "./plan.js";
import { registerSchema } from "./schema.js";
import { registerShow } from "./show.js";
import { registerState } from "./state.js";
import { registerStatus } from "./status.js";
import { registerValidate } from "./validate.js";
import { registerWait } from "./wait.js";

/** Each command file exports one of these; this list is the CLI's registry. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export const commands: readonly RegisterCommand[] = [emulateCommand, registerPlan(openWorkspace), registerShow, registerValidate, registerSchema, registerState, registerForceUnlock, registerApply(openWorkspace, { interrupts: processInterrupts }), registerWait(openWorkspace, { interrupts: processInterrupts }), registerStatus(openWorkspace), registerDoctor(openWorkspace)];
