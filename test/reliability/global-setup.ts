/**
 * Builds the CLI once for the whole suite: every case runs it as a child process on plain node,
 * as users run the published package, so exit codes, signals and peak RSS are the real ones
 * (tsx's loader thread alone would add some 35 MB to every figure).
 */
import type { TestProject } from "vitest/node";
import { compileForNode } from "../../bench/compile.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The compiled `src/cli/main.js` the cases spawn. */
    readonly cli: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide("cli", await compileForNode("src/cli/main.ts", "scanform-reliability"));
}
