#!/usr/bin/env node
// The bundled CLI (scripts/build.mjs); `npm ci` builds dist/ through the `prepare` script.
// Stack traces name src/ lines with --debug or NODE_OPTIONS=--enable-source-maps; source maps are
// not read otherwise, because reading them costs more than starting the CLI.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
const { main, outliveClosedReaders, tuneJitForShortRuns } = await import("../dist/cli/main.js");
tuneJitForShortRuns();
outliveClosedReaders([process.stdout, process.stderr]);

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
