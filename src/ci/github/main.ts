/**
 * The action's entry point (action.yml runs `node dist/ci/github-action.js MODE`): the real
 * workspace, the process's environment and streams; the exit code becomes the step's.
 */
import { outliveClosedReaders } from "../../core/closed-output.js";
import { tuneJitForShortRuns } from "../../core/jit.js";
import { openWorkspace } from "../../ops/open-workspace.js";
import { runAction, type ActionMode } from "./action.js";

tuneJitForShortRuns();
outliveClosedReaders([process.stdout, process.stderr]);

const MODES: readonly ActionMode[] = ["plan", "apply", "drift"];

const mode = process.argv[2];
if (!MODES.includes(mode as ActionMode)) {
  process.stderr.write(`Error: the action's mode must be one of ${MODES.join(", ")}, not ${JSON.stringify(mode)}.\n`);
  process.exitCode = 1;
} else {
  process.exitCode = await runAction(mode as ActionMode, { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }, { openWorkspace });
}
