import { describe, expect, it } from "vitest";
import { importOperation } from "../../src/ops/import.js";
import type { InventoryItem } from "../../src/vendors/driver.js";
import { entry } from "../plan/fakes.js";
import { importWorkspace } from "./fake-import-workspace.js";

const profile = (id: string, name = `Profile ${id}`): InventoryItem => ({ kind: "profile", ids: { id }, spec: { name }, comment: `qualys option profile ${id}` });
const webApp = (id: string, name: string, o: { profile?: string; url?: string } = {}): InventoryItem => ({
  kind: "webApp",
  ids: { id },
  spec: { name, url: o.url ?? `https://app${id}.example/` },
  comment: `qualys web app ${id}`,
  refs: [{ field: "defaultProfile", kind: "profile", ids: [{ id: o.profile ?? "1" }], list: false }],
});
const schedule = (id: string, name: string, webApps: readonly string[]): InventoryItem => ({
  kind: "schedule",
  ids: { id },
  spec: { name, type: "VULNERABILITY", every: { days: 1 }, at: "01:30", timezone: "UTC" },
  comment: `qualys schedule ${id}`,
  refs: [
    { field: "webApps", kind: "webApp", ids: webApps.map((w) => ({ id: w })), list: true },
    { field: "profile", kind: "profile", ids: [{ id: "1" }], list: false },
  ],
});
const addresses = (o: { resources: readonly { address: string }[] }): string[] => o.resources.map((r) => r.address).sort();

describe("import: objects a manifest could not tell apart by name", () => {
  it("leaves out every object of a name two objects of one kind share, in one line saying how many and to rename all but one", async () => {
    const items = [profile("1"), webApp("10", "Shop"), webApp("11", "Shop"), webApp("12", "Blog")];
    const out = await importOperation(importWorkspace({ items }), { vendor: "qualys", kinds: [] });
    expect(addresses(out)).toEqual(["qualys.profile.profile-1", "qualys.webApp.blog"]);
    expect(out.skipped).toEqual([expect.stringMatching(/^qualys webApps named "Shop" \(ids 10, 11\): 2 objects share that name.*rename all but one at qualys/)]);
  });

  it("leaves out what refers to an object whose name is shared, naming that object", async () => {
    const items = [profile("1"), webApp("10", "Shop"), webApp("11", "Shop"), schedule("20", "Shop nightly", ["10"])];
    const out = await importOperation(importWorkspace({ items }), { vendor: "qualys", kinds: ["schedule"] });
    expect(out.resources).toEqual([]);
    expect(out.skipped).toEqual([expect.stringMatching(/^qualys webApps named "Shop" .*: 2 objects share that name/), expect.stringMatching(/^qualys schedule 20: it names webApp 10, which is left out/)]);
  });

  it("still imports a name state holds for one object when no other object has it", async () => {
    const items = [profile("1"), webApp("10", "Shop"), webApp("12", "Blog")];
    const ws = importWorkspace({ items, state: [entry("qualys.webApp.shop", { url: "https://app10.example/" }, { ids: { id: "10" } })] });
    const out = await importOperation(ws, { vendor: "qualys", kinds: [] });
    expect(addresses(out)).toEqual(["qualys.profile.profile-1", "qualys.webApp.blog"]);
    expect(out.alreadyManaged).toBe(1);
  });
});

describe("import: what an object refers to", () => {
  // webApp 10 names profile 99, which Qualys did not list; schedule 20 targets webApp 10.
  const items = [profile("1"), webApp("10", "Shop", { profile: "99" }), schedule("20", "Shop nightly", ["10"])];

  it.each([[[]], [["schedule"]]])("leaves out an object whose reference is left out, each reported once (--kind %j)", async (kinds) => {
    const out = await importOperation(importWorkspace({ items }), { vendor: "qualys", kinds });
    expect(out.resources).toEqual([]);
    expect(out.skipped).toEqual([
      "qualys web app 10: it names profile 99, which qualys did not list",
      "qualys schedule 20: it names webApp 10, which is left out (qualys web app 10)",
    ]);
  });

  it("brings along what a selected object refers to, and what that refers to", async () => {
    const out = await importOperation(importWorkspace({ items: [profile("1"), webApp("10", "Shop"), schedule("20", "Shop nightly", ["10"])] }), { vendor: "qualys", kinds: ["schedule"] });
    expect(addresses(out)).toEqual(["qualys.profile.profile-1", "qualys.schedule.shop-nightly", "qualys.webApp.shop"]);
    expect(out.resources.find((r) => r.kind === "schedule")?.item.spec).toMatchObject({ webApps: ["shop"], profile: "profile-1" });
  });
});

describe("import: text a manifest would read as an environment reference", () => {
  it("leaves out an object whose name or URL holds ${, since a manifest has no way to write it", async () => {
    const items = [profile("1"), webApp("10", "Shop ${TENANT}"), webApp("11", "Blog", { url: "https://blog.example/${PATH}" }), webApp("12", "Docs")];
    const out = await importOperation(importWorkspace({ items }), { vendor: "qualys", kinds: [] });
    expect(addresses(out)).toEqual(["qualys.profile.profile-1", "qualys.webApp.docs"]);
    expect(out.skipped).toEqual([expect.stringMatching(/^qualys web app 11: its url holds "\$\{", .*change its url at qualys/), expect.stringMatching(/^qualys web app 10: its name holds "\$\{"/)]);
  });
});
