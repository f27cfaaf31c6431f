/** The Markdown the docs tests read: README.md and every .md under docs/, as repository-relative paths. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function markdownUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(REPO_ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownUnder(path)));
    else if (entry.name.endsWith(".md")) out.push(path);
  }
  return out.sort();
}

export async function documentationFiles(): Promise<string[]> {
  return ["README.md", ...(await markdownUnder("docs"))];
}
