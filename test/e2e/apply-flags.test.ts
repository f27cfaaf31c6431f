/** apply takes the planning flags plan takes: --target, --refresh=false / --no-refresh, --detailed-exitcode. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "qualys.yaml"] });
});
afterEach(() => e2e.close());

describe("apply with plan's flags", () => {
  it("--target applies only that address and what it needs", async () => {
    const r = await e2e.run("apply", "--auto-approve", "--target", "qualys.webApp.store");
    expect(r.code).toBe(EXIT.ok);
    expect(Object.keys((await e2e.state())?.resources ?? {}).filter((a) => !a.startsWith("qualys.profile"))).toEqual(["qualys.webApp.store"]);
  });

  it("--detailed-exitcode exits 2 when it applied changes, then 0 when there were none", async () => {
    expect((await e2e.run("apply", "--auto-approve", "--detailed-exitcode")).code).toBe(EXIT.changes);
    expect((await e2e.run("apply", "--auto-approve", "--detailed-exitcode")).code).toBe(EXIT.ok);
  });

  it("--refresh=false and --no-refresh plan from state alone, reading no web app", async () => {
    await e2e.run("apply", "--auto-approve");
    for (const flag of [["--refresh=false"], ["--no-refresh"]]) {
      e2e.clearLog("qualys");
      expect((await e2e.run("apply", "--auto-approve", ...flag)).code).toBe(EXIT.ok);
      expect(e2e.count("qualys", "searchWebApps")).toBe(0);
    }
  });

  it("refuses --target with a saved plan, which is applied exactly as made", async () => {
    await e2e.run("plan", "--out", "tfplan");
    const r = await e2e.run("apply", "tfplan", "--target", "qualys.webApp.store");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("a saved plan is applied exactly as it was made");
  });
});

describe("plan --no-refresh", () => {
  it("is the same as --refresh=false", async () => {
    await e2e.run("apply", "--auto-approve");
    e2e.clearLog("qualys");
    await e2e.run("plan");
    expect(e2e.count("qualys", "searchWebApps")).toBeGreaterThan(0);
    e2e.clearLog("qualys");
    expect((await e2e.run("plan", "--no-refresh")).code).toBe(EXIT.ok);
    expect(e2e.count("qualys", "searchWebApps")).toBe(0);
  });
});
