import { Command, CommanderError } from "commander";
import { isScanformError } from "../core/errors.js";
import { EXIT } from "../core/exit-codes.js";
import type { CliIO } from "./io.js";
import { commandFor, commands } from "./commands.js";
import { versionLine } from "../core/build-info.js";
import { commandHelpAfter, rootHelpAfter } from "./help-text.js";

/**
 * Builds the program for `argv`: the command it runs registers itself (loading its code) and sets
 * exit codes through `setExit`; every other command is only listed, by name and summary, for the
 * root help and for commander's "unknown command" suggestions.
 */
export async function buildProgram(argv: readonly string[], io: CliIO, setExit: (code: number) => void): Promise<Command> {
  const program = new Command("scanform")
    .description("Declarative scan-as-code: plan and apply security scans from YAML manifests.")
    .version(versionLine())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    // One line and a pointer, not the whole help: the error would scroll away above it.
    .showHelpAfterError("(run `scanform --help`, or `scanform COMMAND --help`, for usage)");
  const wanted = commandFor(argv);
  if (wanted) {
    (await wanted.load())(program, io, setExit);
    const registered = program.commands.find((c) => c.name() === wanted.name);
    const after = commandHelpAfter(wanted.name);
    if (registered && after !== undefined) {
      for (const c of [registered, ...registered.commands]) c.addHelpText("after", after);
    }
    return program;
  }
  const terms = new Map(commands.map((c) => [c.name, c.term]));
  const standard = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? standard.subcommandTerm(cmd) });
  for (const c of commands) program.command(c.name).description(c.description);
  program.addHelpText("after", rootHelpAfter());
  return program;
}

/** For bin/scanform.js, the process that runs the CLI (src/core/jit.ts). */
export { tuneJitForShortRuns } from "../core/jit.js";
export { outliveClosedReaders } from "../core/closed-output.js";

/** Runs the CLI and resolves to the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = await buildProgram(argv, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (isScanformError(e)) {
      io.stderr.write(`Error: ${e.message}${e.hint ? `\n  ${e.hint}` : ""}\n`);
      return EXIT.error;
    }
    throw e;
  }
  return code;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  });
}
