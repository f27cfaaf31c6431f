/**
 * `scanform doctor [paths]`: the doctor operation (src/ops/doctor.ts) as text or JSON. Exit 0 when
 * every vendor in use accepts its credentials and the state is reachable, 1 otherwise.
 */
import { doctorOperation } from "../ops/doctor.js";
import type { OpenWorkspace } from "../ops/workspace.js";
import { doctorText } from "../render/doctor.js";
import { doctorJson } from "../render/doctor-json.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import { inWorkspace } from "./run-deps.js";

export function registerDoctor(openWorkspace: OpenWorkspace): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("doctor")
      .description("Check that every vendor the manifests use is reachable and accepts its credentials, and that the state is reachable.")
      .argument("[paths...]", "manifest files or directories (default: the current directory)")
      .option("--json", "print the findings as JSON")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .action(async (paths: string[], raw: { json?: boolean; debug?: boolean }) => {
        setExit(
          await inWorkspace(openWorkspace, paths, io, { debug: raw.debug === true }, async (ws) => {
            const report = await doctorOperation(ws, io);
            io.stdout.write(raw.json ? doctorJson(report) : doctorText(report));
            return report.ok ? EXIT.ok : EXIT.error;
          }),
        );
      });
  };
}
