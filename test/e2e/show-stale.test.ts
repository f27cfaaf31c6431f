/** `show FILE` says when a saved plan has gone stale, as far as it can tell without a vendor. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "qualys.yaml"] });
});
afterEach(() => e2e.close());

describe("scanform show of a saved plan", () => {
  it("prints the plan without a warning while nothing has moved", async () => {
    await e2e.run("plan", "--out", "tfplan");
    const r = await e2e.run("show", "tfplan");
    expect([r.code, r.stderr]).toEqual([EXIT.ok, ""]);
  });

  it("warns that it is stale once the manifests changed, naming the first resource that differs", async () => {
    await e2e.run("plan", "--out", "tfplan");
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "webApps", "store", "url"], "https://changed.example.com"));
    const r = await e2e.run("show", "tfplan");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain("Warning: this plan is stale; `scanform apply tfplan` would refuse it (exit 3).");
    expect(r.stderr).toContain("first difference: qualys.webApp.store has changed since");
  });

  it("warns that it is stale once another apply moved the state", async () => {
    await e2e.run("plan", "--out", "tfplan");
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const r = await e2e.run("show", "tfplan");
    expect(r.stderr).toMatch(/state: none when planned, serial \d+ now \(another apply ran\)/);
  });
});
