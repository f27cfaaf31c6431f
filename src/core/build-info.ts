/**
 * The commit this copy of scanform was built from, written next to the compiled code by
 * scripts/build-info.mjs at build time. Run from source (tsx), there is no build: "source".
 */
import { readFileSync } from "node:fs";
import { VERSION } from "./version.js";

function commit(): string {
  try {
    const info: unknown = JSON.parse(readFileSync(new URL("../build-info.json", import.meta.url), "utf8"));
    const value = typeof info === "object" && info !== null && "commit" in info ? info.commit : undefined;
    return typeof value === "string" && value !== "" ? value : "unknown";
  } catch {
    return "source";
  }
}

/** `0.1.0 (commit 1a2b3c4d5e6f)`: what `scanform --version` prints. */
export const versionLine = (): string => `${VERSION} (commit ${commit()})`;
