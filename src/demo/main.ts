import { fileURLToPath } from "node:url";
import { runDemo } from "./run.js";

const manifests = fileURLToPath(new URL("../../scans", import.meta.url));
process.exitCode = await runDemo(
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() },
  { manifests },
);
