/**
 * The file a local state path stands for. A state file kept elsewhere and linked in (a persistent
 * volume, a shared folder) must stay linked: a whole write renames a temp file over its target,
 * which would replace the link with a plain file, and the log and lock named from the link would
 * not be the ones another path to the same file uses. So the path is resolved once, when the
 * backend opens, and every file is named from what it resolves to.
 */
import { readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { stateNotAFile } from "../errors.js";

/** Links followed at most, as the kernel follows at most 40 before it answers ELOOP. */
const MAX_LINKS = 40;

export function resolveStatePath(path: string, configured: string = path, links = 0): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet, or unreadable: a read or write reports that later, naming the file.
  }
  let link: string | undefined;
  try {
    link = readlinkSync(path);
  } catch {
    link = undefined;
  }
  // A link whose target is not written yet (a realpath fails on it): the first write creates the target.
  if (link !== undefined) {
    if (links >= MAX_LINKS) throw stateNotAFile(configured, configured, `a loop of symbolic links (or more than ${MAX_LINKS} in a row)`);
    return resolveStatePath(resolve(dirname(path), link), configured, links + 1);
  }
  const dir = dirname(path);
  return dir === path ? path : join(resolveStatePath(dir, configured, links), basename(path));
}
