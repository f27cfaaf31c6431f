import { describe, expect, it } from "vitest";
import { checkStale } from "../../src/plan/stale.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const app = { url: "https://shop.example.com" };
const state = snapshot([entry("qualys.webApp.shop", app)], 5);
const seen = observations([observed("qualys.webApp.shop", app, { fingerprint: "fp-1" })]);
const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", { url: "https://new.example.com" })], state, observations: seen }));

describe("checkStale", () => {
  it("accepts a plan when state and every observed object are as they were", () => {
    expect(checkStale(plan, state, seen)).toBeUndefined();
  });

  it("refuses a plan whose state serial moved", () => {
    const e = checkStale(plan, { ...state, serial: 6 }, seen);
    expect(e).toMatchObject({ code: "PLAN_STALE", detail: { moved: ["state: serial 5 is now 6"] } });
  });

  it("refuses a plan made against another state lineage", () => {
    expect(checkStale(plan, { ...state, lineage: "other" }, seen)?.detail).toEqual({ moved: ["state: lineage lineage-1 is now other"] });
  });

  it("refuses a plan when an observed object changed at the vendor", () => {
    const e = checkStale(plan, state, observations([observed("qualys.webApp.shop", app, { fingerprint: "fp-2" })]));
    expect(e?.message).toContain("qualys.webApp.shop: changed at the vendor");
  });

  it("refuses a plan when an observed object vanished", () => {
    expect(checkStale(plan, state, observations([]))?.detail).toEqual({ moved: ["qualys.webApp.shop: no longer found at the vendor"] });
  });

  it("refuses a plan when a new object appeared at the vendor", () => {
    const more = observations([observed("qualys.webApp.shop", app, { fingerprint: "fp-1" }), observed("qualys.webApp.blog", app, { match: "name" })]);
    expect(checkStale(plan, state, more)?.detail).toEqual({ moved: ["qualys.webApp.blog: appeared at the vendor"] });
  });

  it("refuses a plan made before any state when state now exists", () => {
    const first = only(runDiff({ resources: [resource("qualys.webApp.shop", app)] }));
    expect(checkStale(first, state, observations([observed("qualys.webApp.shop", app)]))?.code).toBe("PLAN_STALE");
  });

  it("judges a plan made with --refresh=false by state alone", () => {
    const blind = runDiff({ resources: [resource("qualys.webApp.shop", app)], state, observations: new Map(), refresh: false }).plan;
    expect(checkStale(blind, state, seen)).toBeUndefined();
  });
});
