/**
 * `moved:` blocks stay in the manifests after apply, and moves apply in manifest order, so a
 * resource renamed twice chains: `a → b`, then later `b → c`. The chain's end is what must be
 * declared, not each step's.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-moved-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const scan = "hexiosec:\n  scans:\n    perimeter-final: { group: Security, type: adhoc, seeds: [example.com] }\n";
async function load(moved: readonly [string, string][]): Promise<LoadResult> {
  const list = moved.map(([from, to]) => `  - from: hexiosec.scan.${from}\n    to: hexiosec.scan.${to}\n`).join("");
  await writeFile(join(dir, "m.yaml"), `${scan}moved:\n${list}`);
  return loadDesired([join(dir, "m.yaml")], { cwd: dir });
}
const codes = (r: LoadResult): string[] => (r.ok ? [] : r.diagnostics.map((d) => d.code));

describe("moved: chains", () => {
  it("takes an earlier rename kept beside a later one, the chain ending at a declared resource", async () => {
    const r = await load([["perimeter", "perimeter-main"], ["perimeter-main", "perimeter-final"]]);
    expect(codes(r)).toEqual([]);
    expect(r.ok && r.desired.moved.map((m) => `${m.from}>${m.to}`)).toEqual(["hexiosec.scan.perimeter>hexiosec.scan.perimeter-main", "hexiosec.scan.perimeter-main>hexiosec.scan.perimeter-final"]);
  });

  it("refuses a chain written out of order, which apply could not follow", async () => {
    expect(codes(await load([["perimeter-main", "perimeter-final"], ["perimeter", "perimeter-main"]]))).toEqual(["MANIFEST_MOVED_TO_UNKNOWN"]);
  });

  it("refuses a chain that ends at nothing declared", async () => {
    expect(codes(await load([["perimeter", "perimeter-main"], ["perimeter-main", "perimeter-gone"]]))).toEqual(["MANIFEST_MOVED_TO_UNKNOWN"]);
  });
});
