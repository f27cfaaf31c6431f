/**
 * The nesting and document pre-scan (depth.ts): hostile files under the size limit are refused with
 * a coded finding before any parser recurses into them or builds their documents.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";
import { isMap, isPair, isSeq, parseAllDocuments, type Node } from "yaml";
import { depthProblem, tooDeepAt } from "../../src/manifest/depth.js";
import { generated, mutations, YAML_CORPUS } from "./yaml-corpus.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-depth-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;
async function load(text: string): Promise<LoadResult> {
  const name = `d${++written}.yaml`;
  await writeFile(join(dir, name), text);
  return loadDesired([join(dir, name)], { cwd: dir });
}
const findings = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => `${d.code}@${d.source?.file}:${d.source?.line}:${d.source?.column}`));
const at = (text: string, max = 100): string | undefined => {
  const d = depthProblem(text, "f.yaml", max);
  return d === undefined ? undefined : `${d.code}@${d.source?.line}:${d.source?.column}`;
};

describe("block nesting", () => {
  it("counts each compact `- ` on one line as a level", () => {
    expect(at(`${"- ".repeat(5)}x\n`, 4)).toBe("MANIFEST_TOO_DEEP@1:9");
    expect(at(`${"- ".repeat(4)}x\n`, 4)).toBeUndefined();
  });

  it("refuses 50,000 compact sequences on one line before the parser recurses", async () => {
    expect(findings(await load(`${"- ".repeat(50_000)}x\n`))).toEqual([`MANIFEST_TOO_DEEP@d${written}.yaml:1:201`]);
  });

  it("counts `? ` and `key: ` indicators on one line too", () => {
    expect(at(`${"? ".repeat(5)}x\n`, 4)).toBe("MANIFEST_TOO_DEEP@1:9");
    expect(at(`${"a: ".repeat(5)}x\n`, 4)).toBe("MANIFEST_TOO_DEEP@1:13");
  });

  it("counts levels by indentation across lines", () => {
    expect(at("a:\n b:\n  c:\n   d:\n    e: 1\n", 4)).toBe("MANIFEST_TOO_DEEP@5:5");
    expect(at("a:\n b:\n  c:\n   d: 1\n", 4)).toBeUndefined();
    expect(at("a:\n- b:\n  - c: 1\n", 5)).toBeUndefined();
    expect(at("a:\n- b:\n  - c:\n    - d\n", 5)).toBe("MANIFEST_TOO_DEEP@4:5");
  });

  it("closes levels when the indentation comes back", () => {
    const text = "a:\n b:\n  c: 1\n".repeat(1_000);
    expect(at(text, 3)).toBeUndefined();
  });

  it("holds for block and flow nesting together", () => {
    expect(at(`${"- ".repeat(3)}[[x]]\n`, 4)).toBe("MANIFEST_TOO_DEEP@1:8");
    expect(at(`${"- ".repeat(2)}[[x]]\n`, 4)).toBeUndefined();
    expect(at(`a:\n  b: ${"[".repeat(99)}${"]".repeat(99)}\n`)).toBe("MANIFEST_TOO_DEEP@2:104");
  });
});

describe("files a directory search finds", () => {
  // Whether such a file is a manifest is asked of `yaml` when no block key says so: the same bound holds.
  it("refuses one nested past the limit in flow style, without a block key, before `yaml` reads it", async () => {
    const sub = await mkdtemp(join(dir, "walk-"));
    await writeFile(join(sub, "deep.yaml"), `${"[".repeat(100_000)}\n`);
    const result = await loadDesired([], { cwd: sub });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["MANIFEST_TOO_DEEP"]);
  });
});

describe("quotes and comments, as YAML reads them", () => {
  it("reads a quote inside a plain scalar as text, so the brackets after it are counted", async () => {
    const result = await load(`x-a: x-'\nx-b: ${"[".repeat(20_000)}\nx-c: y-'\n`);
    expect(findings(result)).toEqual([`MANIFEST_TOO_DEEP@d${written}.yaml:2:105`]);
  });

  it.each([
    ["after `:`", `x-a: x:'\nx-b: ${"[".repeat(200)}\nx-c: y:'\n`],
    ["after `?`", `x-a: x?'\nx-b: ${"[".repeat(200)}\nx-c: y?'\n`],
    ["after `-` in a sequence", `- x-'\n- ${"[".repeat(200)}\n- y-'\n`],
    ["on a continuation line of a plain scalar", `x-a: x\n  'y\nx-b: ${"[".repeat(200)}\nx-c: '\n`],
  ])("finds the brackets after a quote that is text: %s", (_where, text) => {
    expect(at(text)).toMatch(/^MANIFEST_TOO_DEEP@/);
  });

  it("reads `#` inside a word as text, not a comment", () => {
    expect(at(`x-a: [a#${"[".repeat(200)}\n`)).toMatch(/^MANIFEST_TOO_DEEP@1:/);
  });

  it("ends a quoted scalar where YAML does, at a line indented too little", () => {
    expect(at(`x-a: '\nx-b: ${"[".repeat(200)}\nx-c: '\n`)).toMatch(/^MANIFEST_TOO_DEEP@2:/);
  });

  it("does not count brackets in quoted text, comments or block scalars", () => {
    const text = `x-a: "${"[".repeat(200)}"  # ${"{".repeat(200)}\nx-b: '${"[".repeat(200)}'\nx-c: Bob's ${"[".repeat(200)}\nx-d: |\n  ${"[".repeat(200)}\n  'x\nx-e: [ 'it''s', "a\\"[" ]\n`;
    expect(at(text)).toBeUndefined();
  });
});

describe("documents", () => {
  it("refuses a file of more than 1,000 documents, naming the file, before they are parsed", async () => {
    const result = await load(`state: { backend: local, path: s.json }\n${"---\n".repeat(1_300_000)}`);
    expect(findings(result)).toEqual([`MANIFEST_TOO_MANY_DOCUMENTS@d${written}.yaml:1001:1`]);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([`d${written}.yaml holds more than 1000 YAML documents`]);
  }, 30_000);

  it("refuses many small manifests in one file before the quick reader holds them all", async () => {
    const result = await load("hexiosec: {}\n---\n".repeat(300_000));
    expect(findings(result)).toEqual([`MANIFEST_TOO_MANY_DOCUMENTS@d${written}.yaml:2000:1`]);
  }, 30_000);

  it("allows 1,000 documents", () => {
    expect(depthProblem("---\na: 1\n".repeat(1_000), "f.yaml", 100)).toBeUndefined();
    expect(at("---\na: 1\n".repeat(1_001))).toBe("MANIFEST_TOO_MANY_DOCUMENTS@2001:1");
  });

  it("counts documents as YAML does: bare documents after `...` too", () => {
    expect(depthProblem("a\n...\n".repeat(1_000), "f.yaml", 100)).toBeUndefined();
    expect(at("a\n...\n".repeat(1_001))).toBe("MANIFEST_TOO_MANY_DOCUMENTS@2001:1");
  });
});

/** Levels of nested collections in `node`, as parse.ts counts them after parsing. */
function levels(node: unknown): number {
  if (isMap(node)) return 1 + Math.max(0, ...node.items.map((p) => (isPair(p) ? Math.max(levels(p.key), levels(p.value)) : 0)));
  if (isSeq(node)) return 1 + Math.max(0, ...node.items.map((i) => levels(i)));
  return 0;
}

describe("beside `yaml` itself, on every YAML file of the project and on edits of them", () => {
  const texts = [...YAML_CORPUS, ...mutations(7, 3_000), ...generated(11, 3_000)];

  it("counts the documents `yaml` builds", () => {
    for (const text of texts) {
      const count = parseAllDocuments(text).length;
      expect({ text, over: depthProblem(text, "f", 10_000, count)?.code }).toEqual({ text, over: undefined });
      if (count > 0) expect({ text, under: depthProblem(text, "f", 10_000, count - 1)?.code }).toEqual({ text, under: "MANIFEST_TOO_MANY_DOCUMENTS" });
    }
  });

  it("never counts fewer levels than `yaml` nests in valid YAML", () => {
    for (const text of texts) {
      const docs = parseAllDocuments(text);
      // In files with syntax errors the parser's recovery may nest differently; parse.ts's check after parsing covers those.
      if (docs.some((d) => d.errors.length > 0)) continue;
      const deepest = Math.max(0, ...docs.map((d) => levels(d.contents as Node | null)));
      if (deepest > 0) expect({ text, at: tooDeepAt(text, deepest - 1) === undefined }).toEqual({ text, at: false });
    }
  });

  it("finds the valid manifests no deeper than they are", () => {
    for (const text of YAML_CORPUS) {
      const docs = parseAllDocuments(text);
      if (docs.some((d) => d.errors.length > 0)) continue; // fixtures of broken YAML
      const deepest = Math.max(0, ...docs.map((d) => levels(d.contents as Node | null)));
      expect({ text, at: tooDeepAt(text, deepest) }).toEqual({ text, at: undefined });
    }
  });
});
