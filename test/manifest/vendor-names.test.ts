/**
 * A vendor-side name is how scanform finds its object again (adopt, read-back, duplicates): one the
 * vendor cannot carry as written, or that reads as another in a plan, is refused at validate.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-names-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A Hexiosec scan and a Qualys web app, each named `name` (written as a YAML double-quoted string). */
async function load(name: string): Promise<LoadResult> {
  await writeFile(
    join(dir, "m.yaml"),
    `hexiosec:\n  scans:\n    edge: { name: "${name}", group: Security, type: adhoc, seeds: [example.com] }\n` +
      `qualys:\n  webApps:\n    shop: { name: "${name}", url: "https://shop.example.com/" }\n`,
  );
  return loadDesired([join(dir, "m.yaml")], { cwd: dir });
}
const found = (r: LoadResult) => (r.ok ? r.warnings : r.diagnostics).map((d) => `${d.severity} ${d.code}`);

describe("a vendor-side name", () => {
  it.each([
    ["a carriage return, which XML turns into a line feed", "x\\ry"],
    ["a NUL", "a\\0b"],
    ["another control character", "a\\u0007b"],
    ["a lone surrogate", "a\\ud800b"],
    ["a right-to-left override, which shows the name reversed", "shop\\u202Enimda"],
    ["only spaces", "   "],
  ])("is refused when it holds %s", async (_, name) => {
    expect(found(await load(name))).toEqual(["error MANIFEST_BAD_NAME", "error MANIFEST_BAD_NAME"]);
  });

  it("is taken with a warning when it starts or ends with a space a vendor may trim", async () => {
    expect(found(await load(" Shop "))).toEqual(["warning MANIFEST_BAD_NAME", "warning MANIFEST_BAD_NAME"]);
  });

  it.each([["letters of any script and an emoji", "Café Ünïcødé 🙂"], ["a tab-free phrase with punctuation", "Shop (production) & API: v2"]])("is taken as it is with %s", async (_, name) => {
    expect(found(await load(name))).toEqual([]);
  });
});
