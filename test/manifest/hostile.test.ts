/**
 * Files written to break the loader rather than to configure scans: every one ends in findings
 * with a code, never in an exception. The big figures (MBs, minutes) belong to the reliability
 * suite; these show each behaviour at the smallest size where it appears.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-hostile-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;
async function load(text: string): Promise<LoadResult> {
  const file = join(dir, `m${++written}.yaml`);
  await writeFile(file, text);
  return loadDesired([file], { cwd: dir });
}

const codes = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => d.code));

describe("keys the language does not have", () => {
  it.each([
    ["a number under a vendor", "vendors:\n  hexiosec: { timeout: 30 }\n"],
    ["a mapping under a vendor, written in block style", "vendors:\n  hexiosec:\n    timeout: { seconds: 30 }\n"],
    ["__proto__ under a vendor", "vendors:\n  hexiosec:\n    __proto__: {}\n"],
    ["a number under a vendor, with an anchor elsewhere", "x-a: &a 1\nvendors:\n  qualys:\n    retries: 3\n"],
  ])("are reported, whatever their value: %s", async (_what, text) => {
    expect(codes(await load(text))).toEqual(["MANIFEST_UNKNOWN_KEY"]);
  });

  it("are reported under vendors, and a known vendor beside them is still checked", async () => {
    const result = await load("vendors:\n  timeout: 30\n  cortex: { url: ftp://cortex.example }\n");
    expect(codes(result)).toEqual(["MANIFEST_UNKNOWN_KEY", "MANIFEST_BAD_URL"]);
  });
});

describe("a file with more findings than a call can take arguments", () => {
  it("reports every one of them", async () => {
    const result = await load("]\n".repeat(140_000));
    expect(codes(result).length).toBeGreaterThanOrEqual(140_000);
  }, 60_000);
});
