import { Command, CommanderError } from "commander";
import { isScanformError } from "../core/errors.js";
import { EXIT } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { commands } from "./commands.js";
import { versionLine } from "../core/build-info.js";

/** Builds the program; each command registers itself and sets `io`-scoped exit codes via the returned promise. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command("scanform")
    .description("Declarative scan-as-code: plan and apply security scans from YAML manifests.")
    .version(versionLine())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  for (const register of commands) register(program, io, setExit);
  return program;
}

/** Runs the CLI and resolves to the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
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
