/**
 * Builds a bench entry and what it imports the way scanform ships (scripts/build.mjs: one esbuild
 * bundle, split into chunks, dependencies included), so it is measured the way users run scanform
 * rather than under tsx, whose loader thread alone adds some 35 MB of RSS.
 *
 * The output lives under node_modules/.cache, and `schemas/` is linked beside it because modules
 * find the schema relative to themselves.
 */
import { mkdir, rm, symlink } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../scripts/build.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Returns the path of the built entry (`bench/x/y.ts` → `<cache>/bench/x/y.js`; an entry two
 * folders deep, as src/ files are). `cache` names the folder under node_modules/.cache, so the
 * bench and the reliability suite never wipe each other's.
 */
export async function compileForNode(entry: string, cache = "scanform-bench"): Promise<string> {
  const OUT = join(ROOT, "node_modules", ".cache", cache);
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const name = relative(ROOT, resolve(ROOT, entry)).replace(/\.ts$/, "");
  await bundle({ [name]: resolve(ROOT, entry) }, OUT, { sourcemap: false });
  await symlink(join(ROOT, "schemas"), join(OUT, "schemas"), "dir");
  return join(OUT, `${name}.js`);
}
