/**
 * Compiles a bench entry and what it imports to plain JavaScript, so it can be measured the way
 * users run scanform (built, on node) rather than under tsx, whose loader thread alone adds some
 * 35 MB of RSS. Type checking is skipped: `npm run typecheck` does that.
 *
 * The output lives under node_modules/.cache, so bare imports resolve to the project's packages,
 * and `schemas/` is linked beside it because modules find the schema relative to themselves.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * Returns the path of the compiled entry (`bench/x.ts` → `<cache>/bench/x.js`). `cache` names the
 * folder under node_modules/.cache, so the bench and the reliability suite never wipe each other's.
 */
export async function compileForNode(entry: string, cache = "scanform-bench"): Promise<string> {
  const OUT = join(ROOT, "node_modules", ".cache", cache);
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const options = ["--noCheck", "--noEmit", "false", "--outDir", OUT, "--rootDir", ROOT, "--module", "NodeNext", "--moduleResolution", "NodeNext"];
  const more = ["--target", "ES2022", "--resolveJsonModule", "--esModuleInterop", "--skipLibCheck", "--types", "node", "--sourceMap", "false"];
  await promisify(execFile)(process.execPath, [TSC, ...options, ...more, entry], { cwd: ROOT });
  await symlink(join(ROOT, "schemas"), join(OUT, "schemas"), "dir");
  return join(OUT, relative(ROOT, entry)).replace(/\.ts$/, ".js");
}
