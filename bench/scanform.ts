/**
 * scanform as the bench's own process runs it: src/ built the way scanform ships (scripts/build.mjs:
 * one esbuild bundle in chunks, the Qualys parse worker beside it) and imported from that build, so
 * the scenarios that plan and apply in this process measure the code users run rather than the
 * TypeScript that tsx transpiles as it loads (with a name-keeping wrapper around every function
 * made at run time). The build mirrors dist/: every file two folders below a root that holds
 * `schemas/`, as the shipped code expects. V8's compiler is set as bin/scanform.js sets it.
 */
import { mkdir, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundle } from "../scripts/build.mjs";

type Scanform = typeof import("./scanform-entry.js");

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILT = join(ROOT, "node_modules", ".cache", "scanform-bench-lib");

async function built(): Promise<Scanform> {
  await rm(BUILT, { recursive: true, force: true });
  await mkdir(BUILT, { recursive: true });
  await bundle({ "lib/scanform": join(ROOT, "bench", "scanform-entry.ts"), "qualys/xml-worker": join(ROOT, "src", "vendors", "qualys", "xml-worker.ts") }, join(BUILT, "dist"), { sourcemap: false });
  await symlink(join(ROOT, "schemas"), join(BUILT, "schemas"), "dir");
  const scanform = (await import(pathToFileURL(join(BUILT, "dist", "lib", "scanform.js")).href)) as Scanform;
  scanform.tuneJitForShortRuns();
  return scanform;
}

export const {
  applyPlan,
  DEFAULT_PARALLELISM,
  waitForRuns,
  runApply,
  toApplyFlags,
  digest,
  createHttpClient,
  createRequestCounter,
  sleep,
  loadDesired,
  openWorkspace,
  countActions,
  estimateCalls,
  kindsOf,
  makePlan,
  callLine,
  LocalBackend,
  createMemoryBackend,
  STATE_FORMAT_VERSION,
  drivers,
  createQualysDriver,
} = await built();
