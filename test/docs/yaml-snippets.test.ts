/**
 * Every ```yaml block in README.md and docs/**\/*.md is YAML that parses, and one whose top level
 * is a mapping is a manifest that `scanform validate` accepts on its own. A block that shows part
 * of a configuration (it refers to resources declared in another block) says so in its info
 * string, ```yaml fragment, and is only parsed.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMap, parseAllDocuments } from "yaml";
import { loadDesired } from "../../src/manifest/index.js";
import { documentationFiles, REPO_ROOT } from "./markdown-files.js";

interface Snippet {
  readonly where: string;
  readonly text: string;
  readonly fragment: boolean;
}

/** Fenced blocks, also those indented inside a list item (the indent is removed). */
function snippetsOf(file: string, markdown: string): Snippet[] {
  const fence = /^( *)```ya?ml([^\n]*)\n([\s\S]*?)^\1```/gm;
  return [...markdown.matchAll(fence)].map((m) => {
    const indent = m[1]!.length;
    return {
      where: `${file}:${markdown.slice(0, m.index).split("\n").length}`,
      text: m[3]!.split("\n").map((line) => line.slice(indent)).join("\n"),
      fragment: m[2]!.trim().split(/\s+/).includes("fragment"),
    };
  });
}

const snippets: Snippet[] = [];
for (const file of await documentationFiles()) snippets.push(...snippetsOf(file, await readFile(join(REPO_ROOT, file), "utf8")));

const isManifest = (s: Snippet): boolean => parseAllDocuments(s.text).every((d) => d.contents === null || isMap(d.contents));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-snippets-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("YAML in README.md and docs", () => {
  it("is found", () => {
    expect(snippets.filter((s) => s.where.startsWith("README.md")).length).toBeGreaterThan(0);
    expect(snippets.filter((s) => !s.fragment && isManifest(s)).length).toBeGreaterThan(5);
  });

  it.each(snippets.map((s) => [s.where, s] as const))("%s parses", (_where, snippet) => {
    const errors = parseAllDocuments(snippet.text).flatMap((d) => d.errors.map((e) => e.message.split("\n")[0]));
    expect(errors).toEqual([]);
  });

  it.each(snippets.filter((s) => !s.fragment && isManifest(s)).map((s) => [s.where, s] as const))("%s is a valid manifest", async (where, snippet) => {
    const file = join(dir, `${where.replace(/[/:.]/g, "_")}.yaml`);
    await writeFile(file, snippet.text);
    const result = await loadDesired([file], { cwd: dir });
    expect(result.ok ? [] : result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });
});
