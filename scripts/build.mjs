// The shipped build: the CLI bundled with esbuild into dist/cli/main.js and one chunk per part
// that only some commands load (each command's code is imported when that command runs), so a
// start resolves a handful of files instead of hundreds. Source maps (with their sources) sit beside every file; run
// with NODE_OPTIONS=--enable-source-maps (or --debug) for stack traces that name src/ lines.
// Every output file is two folders below the package root, as src/ files are, so the paths they
// build from import.meta.url (schemas/) hold in both.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  // The package's exports (README "Install"), each two folders deep like every other output file.
  entryPoints: { "cli/main": "src/cli/main.ts", "lib/api": "src/api.ts", "lib/emulators": "src/emulators/index.ts", "ci/github-action": "src/ci/github/main.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["pg-native"],
  banner: { js: "import { createRequire as __scanformRequire } from \"node:module\"; const require = __scanformRequire(import.meta.url);" },
  sourcemap: "linked",
  // The maps carry the sources: the package does not ship src/, and a map must not point at what is not there.
  sourcesContent: true,
  metafile: true,
  logLevel: "warning",
});
await import("./build-info.mjs");
