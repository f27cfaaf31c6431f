/**
 * One plan holding every action, made by the real diff from fake inputs, for the golden files of
 * every renderer.
 */
import type { CallLimit } from "../../src/http/types.js";
import type { Plan } from "../../src/plan/plan.js";
import { estimateCalls } from "../../src/plan/estimate.js";
import { kindsOf } from "../../src/plan/make-plan.js";
import { drivers } from "../../src/vendors/index.js";
import { CALL_LIMIT } from "../../src/vendors/cortex/api.js";
import { specDigest } from "../../src/plan/launch.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "../plan/fakes.js";

const corp = { group: "Security", type: "continuous_own", seeds: ["a.example.com", "b.example.com"], enabled: true, dnsNamelist: false, ignoreIpNodes: false };
const edge = { ...corp, seeds: ["edge.example.com", "203.0.113.0/24"] };
const dc = {
  template: 12,
  scanners: ["0f8e"],
  targets: ["10.0.0.0/16"],
  schedule: { cadence: "WEEKLY", days: ["sun"], at: "02:00", timezone: "UTC", start: "2026-12-01" },
};
const shop = { url: "https://shop.example.com", tags: ["prod"], defaultProfile: "qualys.profile.default" };
const nightly = { type: "VULNERABILITY", webApps: ["qualys.webApp.old", "qualys.webApp.shop"], profile: "qualys.profile.default", at: "02:00", timezone: "UTC", active: true };

export function everyActionPlan(): Plan {
  const moved = [{ from: "hexiosec.scan.perimeter", to: "hexiosec.scan.corp", source: { file: "scans/main.yaml", line: 3, column: 5 } }];
  const resources = [
    resource("hexiosec.scan.corp", { ...corp, seeds: ["a.example.com", "c.example.com"] }, { line: 10 }),
    resource("hexiosec.scan.edge", { ...edge, type: "adhoc" }, { line: 20 }),
    resource("hexiosec.scan.new", { ...corp, seeds: ["new.example.com"] }, { line: 30 }),
    resource("cortex.scan.dc", dc, { launch: "on-change", line: 40 }),
    resource("cortex.scan.lab", { ...dc, targets: ["192.168.0.0/24"] }, { launch: "on-change", line: 50 }),
    resource("qualys.profile.default", { name: "Initial WAS Options" }, { mode: "data", line: 60 }),
    resource("qualys.webApp.shop", shop, { line: 70, dependsOn: ["qualys.profile.default"], options: { protect: false } }),
    resource("qualys.webApp.blog", { ...shop, url: "https://blog.example.com" }, { line: 80, options: { adopt: true }, dependsOn: ["qualys.profile.default"] }),
    resource("qualys.schedule.nightly", { ...nightly, webApps: ["qualys.webApp.shop"] }, { line: 90, dependsOn: ["qualys.profile.default", "qualys.webApp.shop"] }),
  ];
  const state = snapshot([
    entry("hexiosec.scan.perimeter", corp, { ids: { id: "5b1f" } }),
    entry("hexiosec.scan.edge", edge),
    entry("cortex.scan.dc", dc, { ids: { id: "41" }, lastRun: { id: "900", launchedAt: "2026-11-01T02:00:00.000Z", specDigest: specDigest({ name: "dc", ...dc, template: 11 }) } }),
    entry("cortex.scan.retired", dc, { ids: { id: "42" } }),
    entry("qualys.webApp.shop", shop, { protect: true }),
    entry("qualys.webApp.old", { ...shop, url: "https://old.example.com" }),
    entry("qualys.schedule.nightly", nightly),
  ]);
  const seen = observations([
    observed("hexiosec.scan.perimeter", corp, { ids: { id: "5b1f" }, notes: ["3 seeds without the scanform tag are left alone"] }),
    observed("hexiosec.scan.edge", { ...edge, enabled: false }),
    observed("qualys.profile.default", { name: "Initial WAS Options" }, { match: "name", ids: { id: "1" } }),
    observed("qualys.webApp.shop", shop),
    observed("qualys.webApp.old", { ...shop, url: "https://old.example.com" }),
    observed("qualys.webApp.blog", { ...shop, url: "https://blog.example.com", tags: [] }, { match: "name", ids: { id: "77" } }),
    observed("qualys.schedule.nightly", nightly),
  ]);
  const plan = only(runDiff({ resources, moved, state, observations: seen }));
  // Qualys stated a nearly spent budget in its answers; Cortex has its documented pace; Hexiosec none.
  const limits: Readonly<Record<string, CallLimit>> = {
    qualys: { calls: 300, windowSeconds: 3600, remaining: 2, source: "the vendor's answers" },
    cortex: CALL_LIMIT,
  };
  return { ...plan, calls: estimateCalls(plan.changes, kindsOf(drivers), (vendor) => limits[vendor]) };
}
