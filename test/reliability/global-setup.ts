/**
 * Builds the CLI once for the whole suite with the shipped build (scripts/build.mjs), so every case
 * runs `bin/scanform.js` on plain node, as users run the published package: exit codes, signals and
 * peak RSS are the real ones (tsx's loader thread alone would add some 35 MB to every figure).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** The CLI entry the cases spawn. */
    readonly cli: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  await promisify(execFile)(process.execPath, ["scripts/build.mjs"], { cwd: ROOT });
  project.provide("cli", fileURLToPath(new URL("../../bin/scanform.js", import.meta.url)));
}
