import type { Command } from "commander";
import { emulateCommand } from "./emulate.js";
import { registerForceUnlock } from "./force-unlock.js";
import type { CliIO } from "./io.js";
import { openWorkspace } from "./open-workspace.js";
import { registerPlan } from "./plan.js";
import { registerSchema } from "./schema.js";
import { registerShow } from "./show.js";
import { registerState } from "./state.js";
import { registerValidate } from "./validate.js";

/** Each command file exports one of these; this list is the CLI's registry. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export const commands: readonly RegisterCommand[] = [emulateCommand, registerPlan(openWorkspace), registerShow, registerValidate, registerSchema, registerState, registerForceUnlock];
