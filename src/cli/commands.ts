/**
 * The CLI's registry: every command by name, with the code that registers it loaded only when that
 * command runs (or its own help is asked for). A start that prints a version or the list of
 * commands then loads commander and nothing else: the manifest, state, HTTP and vendor code is
 * most of what scanform is, and most of its start-up time when imported eagerly.
 */
import type { Command } from "commander";
import type { CliIO } from "./io.js";
import type { OpenWorkspace } from "../ops/workspace.js";

/** Each command file exports one of these. */
export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export interface CommandEntry {
  readonly name: string;
  /** How the root help lists it: the name, `[options]` and its arguments, as commander writes them. */
  readonly term: string;
  readonly description: string;
  load(): Promise<RegisterCommand>;
}

const openWorkspace: OpenWorkspace = async (...args) => (await import("../ops/open-workspace.js")).openWorkspace(...args);
const interrupts = async () => ({ interrupts: (await import("./interrupts.js")).processInterrupts });

// Workflow order, which the root help keeps: what a user does first comes first.
export const commands: readonly CommandEntry[] = [
  {
    name: "validate",
    term: "validate [options] [paths...]",
    description: "Check manifests: YAML, schema, seeds and targets, references. Needs no credentials.",
    load: async () => (await import("./validate.js")).registerValidate,
  },
  {
    name: "plan",
    term: "plan [options] [paths...]",
    description: "Show what apply would change at the vendors to make them match the manifests.",
    load: async () => (await import("./plan.js")).registerPlan(openWorkspace),
  },
  {
    name: "show",
    term: "show [options] <file>",
    description: "Print a plan saved with `scanform plan --out FILE`.",
    load: async () => (await import("./show.js")).registerShow,
  },
  {
    name: "apply",
    term: "apply [options] [args...]",
    description: "Make the vendors match the manifests: plan, ask, apply; or apply exactly a saved plan FILE.",
    load: async () => (await import("./apply.js")).registerApply(openWorkspace, await interrupts()),
  },
  {
    name: "wait",
    term: "wait [options] [paths...]",
    description: "Wait for the runs scanform launched to finish, then judge them (wait.timeout, failOn).",
    load: async () => (await import("./wait.js")).registerWait(openWorkspace, await interrupts()),
  },
  {
    name: "status",
    term: "status [options] [paths...]",
    description: "Show how the runs scanform launched are doing, in as few status calls as each vendor allows.",
    load: async () => (await import("./status.js")).registerStatus(openWorkspace),
  },
  {
    name: "import",
    term: "import [options] [paths...]",
    description: "Write manifests that adopt what exists at a vendor and is not in state; changes nothing at the vendor or in state.",
    load: async () => (await import("./import.js")).registerImport(openWorkspace),
  },
  {
    name: "doctor",
    term: "doctor [options] [paths...]",
    description: "Check that every vendor the manifests use is reachable and accepts its credentials, and that the state is reachable.",
    load: async () => (await import("./doctor.js")).registerDoctor(openWorkspace),
  },
  {
    name: "state",
    term: "state",
    description: "Inspect and edit what scanform has recorded about the objects it manages.",
    load: async () => (await import("./state.js")).registerState,
  },
  {
    name: "force-unlock",
    term: "force-unlock [options] <id> [paths...]",
    description: "Free a state lock by its ID, when the run holding it is gone. Never use it on a run still going.",
    load: async () => (await import("./force-unlock.js")).registerForceUnlock,
  },
  {
    name: "emulate",
    term: "emulate [options]",
    description: "Run local emulators of the vendor APIs and print the settings that point scanform at them.",
    load: async () => (await import("./emulate.js")).emulateCommand,
  },
  {
    name: "schema",
    term: "schema [options]",
    description: "Print the JSON Schema of the manifest language (JSON Schema 2020-12).",
    load: async () => (await import("./schema.js")).registerSchema,
  },
];

/**
 * The command `argv` runs (or asks help for: `help plan`), if it names one. Commander has no
 * options before a command name, so the first word that is not an option is it.
 */
export function commandFor(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return commands.find((c) => c.name === name);
}
