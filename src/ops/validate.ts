/**
 * validate: load and check the manifests of `paths` (default: the current directory) without
 * contacting any vendor or reading any secret. The result carries every finding; nothing is printed.
 */
import { loadDesired, type LoadResult } from "../manifest/index.js";

export function validateManifests(paths: readonly string[], cwd: string): Promise<LoadResult> {
  return loadDesired(paths, { cwd });
}
