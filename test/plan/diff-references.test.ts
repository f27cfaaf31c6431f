/**
 * References and vendor-chosen spellings compare by what they resolve to (vendor ids), never by
 * manifest address or spelling: a rename, a second key for one profile, a group written as its
 * UUID, or seeds someone else owns are not changes and not drift.
 */
import { describe, expect, it } from "vitest";
import { specDigest } from "../../src/plan/launch.js";
import { KINDS, entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const app = { url: "https://shop.example.com", tags: [], defaultProfile: null };
const nightly = (webApp: string, profile = "qualys.profile.standard") => ({ type: "VULNERABILITY", webApps: [webApp], profile, at: "02:00" });
const moved = [{ from: "qualys.webApp.shop", to: "qualys.webApp.shop-main", source: { file: "scans/main.yaml", line: 1, column: 1 } }];
// As the Qualys driver says: an on-demand scan is nothing at Qualys until launched, so it is compared with state.
const qualys = KINDS.get("qualys")!;
const scanFromState = new Map([...KINDS, ["qualys", { ...qualys, scan: { ...qualys["scan"]!, readable: false } }]]);
const profile = (key: string) => observed(`qualys.profile.${key}`, { name: "Initial WAS Options" }, { match: "name", ids: { id: "9" } });

describe("diff: a moved: rename keeps references equal", () => {
  const before = () => [entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", nightly("qualys.webApp.shop"))];

  it("shows no drift and no change for a schedule that targets the renamed web app", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop-main", { ...app, name: "shop" }), resource("qualys.schedule.nightly", nightly("qualys.webApp.shop-main"))],
        moved,
        state: snapshot(before()),
        observations: observations([observed("qualys.webApp.shop", { ...app, name: "shop" }), observed("qualys.schedule.nightly", nightly("qualys.webApp.shop-main")), profile("standard")]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes.find((c) => c.address === "qualys.schedule.nightly")).toMatchObject({ action: "no-op" });
  });

  it("does not update nor launch an on-change scan that targets the renamed web app", () => {
    const scan = { type: "VULNERABILITY", webApps: ["qualys.webApp.shop"], profile: null };
    const launched = { id: "run-1", launchedAt: "2026-11-01T00:00:00.000Z", specDigest: specDigest({ name: "ci", ...scan }) };
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop-main", { ...app, name: "shop" }), resource("qualys.scan.ci", { ...scan, webApps: ["qualys.webApp.shop-main"] }, { launch: "on-change" })],
        moved,
        state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.scan.ci", scan, { ids: {}, lastRun: launched })]),
        kinds: scanFromState,
        observations: observations([observed("qualys.webApp.shop", { ...app, name: "shop" })]),
      }),
    );
    expect(plan.changes.find((c) => c.address === "qualys.scan.ci")).toMatchObject({ action: "no-op", launchAfter: false });
  });
});

describe("diff: references that resolve to the same vendor object", () => {
  it("shows no drift and no change when a schedule names a second key of the same option profile", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", app), resource("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.initial"))],
        state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.standard"))]),
        observations: observations([observed("qualys.webApp.shop", app), observed("qualys.schedule.nightly", nightly("qualys.webApp.shop", "qualys.profile.standard")), profile("standard"), profile("initial")]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes.find((c) => c.address === "qualys.schedule.nightly")).toMatchObject({ action: "no-op" });
  });

  it("shows no drift when the vendor names a value another way than state recorded it (a group by UUID, then by name)", () => {
    const uuid = "00000002-0002-0002-0002-000000000002";
    const scan = (group: string) => ({ group, type: "adhoc", seeds: ["example.com"] });
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.edge", scan("Vendors"))],
        state: snapshot([entry("hexiosec.scan.edge", scan(uuid))]),
        observations: observations([observed("hexiosec.scan.edge", scan("Vendors"), { sameAs: [{ field: "group", values: [uuid, "Vendors"] }] })]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ action: "no-op" });
  });
});

describe("diff: set members the vendor holds that scanform does not own", () => {
  const scan = (seeds: string[]) => ({ group: "Security", type: "adhoc", seeds });

  it("shows no drift when an untagged seed enters the manifest", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.edge", scan(["a.example.com", "b.example.com"]))],
        state: snapshot([entry("hexiosec.scan.edge", scan(["a.example.com"]))]),
        observations: observations([observed("hexiosec.scan.edge", scan(["a.example.com", "b.example.com"]), { unowned: [{ field: "seeds", values: ["b.example.com"] }] })]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ action: "no-op" });
  });

  it("shows no drift when an untagged seed leaves the manifest", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.edge", scan(["a.example.com"]))],
        state: snapshot([entry("hexiosec.scan.edge", scan(["a.example.com", "b.example.com"]))]),
        observations: observations([observed("hexiosec.scan.edge", scan(["a.example.com"]), { unowned: [{ field: "seeds", values: ["b.example.com"] }] })]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ action: "no-op" });
  });
});
