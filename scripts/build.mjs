// The shipped build: the CLI bundled with esbuild into dist/cli/main.js and one chunk per part
// that only some commands load (each command's code is imported when that command runs), so a
// start resolves a handful of files instead of hundreds. Source maps (with their sources) sit
// beside every file; run with --debug or NODE_OPTIONS=--enable-source-maps for stack traces that
// name src/ lines. Every output file is two folders below the output root, as src/ files are below
// the package, so the paths they build from import.meta.url (schemas/) hold in both.
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Bundles `entryPoints` (output name → source) into `outdir` the way scanform ships. */
export async function bundle(entryPoints, outdir, options = {}) {
  return build({
    entryPoints,
    outdir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // pg's optional native binding is never installed; the bundled CommonJS packages need require.
    external: ["pg-native"],
    banner: { js: 'import { createRequire as __scanformRequire } from "node:module"; const require = __scanformRequire(import.meta.url);' },
    sourcemap: "linked",
    // The maps carry the sources: the package does not ship src/, and a map must not point at what is not there.
    sourcesContent: true,
    metafile: true,
    logLevel: "warning",
    ...options,
  });
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
  // The package's exports (README "Install") and the Qualys parse worker (xml-thread.ts), each two folders deep like every other output file.
  await bundle({ "cli/main": "src/cli/main.ts", "lib/api": "src/api.ts", "lib/emulators": "src/emulators/index.ts", "ci/github-action": "src/ci/github/main.ts", "qualys/xml-worker": "src/vendors/qualys/xml-worker.ts" }, "dist");
  // esbuild writes no types: the library entries' declarations come from tsc (package.json "types").
  execFileSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", fileURLToPath(new URL("../tsconfig.types.json", import.meta.url))], { stdio: "inherit" });
  await import("./build-info.mjs");
}
