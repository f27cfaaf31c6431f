// Records the commit a build was made from in dist/build-info.json, for `scanform --version`.
// Outside a git checkout (an unpacked tarball rebuilt by hand) the commit is "unknown".
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

let commit = "unknown";
try {
  commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  if (dirty !== "") commit += "-dirty";
} catch {
  // No git, or not a checkout.
}
writeFileSync(new URL("../dist/build-info.json", import.meta.url), `${JSON.stringify({ commit })}\n`);
