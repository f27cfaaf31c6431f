/**
 * Runs validate-diff-child.ts on a manifest dir in a fresh node process, built the way scanform
 * ships (compile.ts), so its CPU time and peak memory are those of this work alone. Shared by the
 * validate+diff and growth scenarios.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compileForNode } from "../compile.js";
import { writeManifests, type ManifestSize } from "../manifest.js";
import type { ValidateDiffResult } from "./validate-diff-result.js";

const CHILD = fileURLToPath(new URL("./validate-diff-child.ts", import.meta.url));

/** The child built once; `run` generates the manifests of one size, measures them in a new process and removes them. */
export async function validateDiffRunner(): Promise<(size: ManifestSize) => Promise<ValidateDiffResult>> {
  const script = await compileForNode(CHILD);
  return async (size) => {
    const manifests = await writeManifests(size);
    try {
      return await runChild(script, manifests.dir);
    } finally {
      await manifests.remove();
    }
  };
}

function runChild(script: string, dir: string): Promise<ValidateDiffResult> {
  return new Promise((resolve, reject) => {
    // execArgv empty: a plain node, without the tsx loader this process runs under.
    const child = fork(script, [dir], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: ValidateDiffResult | undefined;
    child.once("message", (m) => (result = m as ValidateDiffResult));
    child.once("error", reject);
    child.once("exit", (code) => (result !== undefined && code === 0 ? resolve(result) : reject(new Error(`the validate+diff process exited with code ${code}`))));
  });
}
