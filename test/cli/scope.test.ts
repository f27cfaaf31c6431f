import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDesired } from "../../src/manifest/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-scope-cli-"));
  await cp("scans", join(dir, "scans"), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the example manifests' scope", () => {
  it("holds every seed, target and URL of scans/", async () => {
    const result = await loadDesired(["scans"], { cwd: dir });
    expect(result.ok && result.desired.scope).toEqual({ declared: true, checked: 13 });
  });

  it("fails validate at the line of a seed one address outside, as docs/manifest.md shows", async () => {
    const file = join(dir, "scans", "hexiosec.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("        - 2001:db8::1\n", "        - 2001:db8::1\n        - 203.0.114.0\n"));
    const result = await loadDesired(["scans"], { cwd: dir });
    const docs = await readFile("docs/manifest.md", "utf8");
    expect(result.ok).toBe(false);
    const [finding] = result.ok ? [] : result.diagnostics;
    const shown = `${finding?.source?.file}:${finding?.source?.line}:${finding?.source?.column}: error ${finding?.code}: ${finding?.message}`;
    expect(docs).toContain(shown);
  });
});
