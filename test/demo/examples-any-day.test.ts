/**
 * The example manifests (scans/), which the demo and the README use, must stay valid whatever the
 * day: nothing in them may expire or pass. Checked at a day far ahead, with the drivers' day-bound
 * reviews and the manifest's own dated checks.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadDesired } from "../../src/manifest/index.js";
import { drivers } from "../../src/vendors/index.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FAR_AHEAD = new Date("2099-06-15T12:00:00Z");

describe("the example manifests", () => {
  it("load without errors or warnings on a day far ahead", async () => {
    const loaded = await loadDesired(["scans"], { cwd: REPO, now: () => FAR_AHEAD });
    expect(loaded.ok ? loaded.warnings : loaded.diagnostics).toEqual([]);
  });

  it("hold nothing a driver warns about on a day far ahead, such as a one-off start already past", async () => {
    const loaded = await loadDesired(["scans"], { cwd: REPO, now: () => FAR_AHEAD });
    if (!loaded.ok) throw new Error("the examples do not load");
    const findings = loaded.desired.resources.flatMap((r) => (drivers.get(r.vendor)?.kinds[r.kind]?.review?.(r.spec, FAR_AHEAD) ?? []).map((m) => `${r.address}: ${m}`));
    expect(findings).toEqual([]);
  });
});
