/**
 * docs/http.md's table of errors is what a person looks a code up in: it lists every HTTP_ code
 * the HTTP layer can raise, and no code it never raises.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./markdown-files.js";

async function codesRaisedUnder(dir: string): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const entry of await readdir(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = await readFile(join(entry.parentPath, entry.name), "utf8");
    for (const m of text.matchAll(/"(HTTP_[A-Z_]+)"/g)) codes.add(m[1]!);
  }
  return codes;
}

describe("docs/http.md's errors table", () => {
  it("lists exactly the HTTP_ codes the source raises", async () => {
    const doc = await readFile(join(REPO_ROOT, "docs/http.md"), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `(HTTP_[A-Z_]+)` \|/gm)].map((m) => m[1]!));
    expect([...documented].sort()).toEqual([...(await codesRaisedUnder("src"))].sort());
  });
});
