import { describe, expect, it } from "vitest";
import { stateEntry, PROFILE_ID, desired, inParallel, profile, scheduleSpec, seedSchedule, seedWebApp, setup, webAppSpec } from "./helpers.js";

describe("qualys driver: observe", () => {
  it("resolves an option profile by exact name, with its id", async () => {
    const s = await setup();
    const o = await s.session.observe({ desired: [profile()], state: [] });
    expect(o.diagnostics).toEqual([]);
    expect(o.objects).toEqual([expect.objectContaining({ address: "qualys.profile.default", match: "name", ids: { id: PROFILE_ID }, spec: { name: "Initial WAS Options" } })]);
  });

  it("reports a missing option profile as an error at its manifest location", async () => {
    const s = await setup();
    const o = await s.session.observe({ desired: [profile("deep", "Deep Scan")], state: [] });
    expect(o.objects).toEqual([]);
    expect(o.diagnostics).toEqual([
      expect.objectContaining({ code: "VENDOR_NOT_FOUND", severity: "error", message: expect.stringContaining('"Deep Scan"'), source: expect.objectContaining({ file: "qualys.yaml", path: "qualys.profiles.deep" }) }),
    ]);
    expect(o.diagnostics[0]!.message).toContain("qualys.profile.deep");
  });

  it("reports a profile name two profiles share as ambiguous", async () => {
    const s = await setup({ emulator: { profiles: ["Initial WAS Options"] } });
    const o = await s.session.observe({ desired: [profile()], state: [] });
    expect(o.diagnostics[0]?.code).toBe("VENDOR_AMBIGUOUS");
  });

  it("finds web apps state knows by id, normalised into the manifest's shape", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop", `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile><tags><set><Tag><id>5002</id></Tag><Tag><id>5001</id></Tag></set></tags>`);
    const o = await s.session.observe({ desired: [profile(), desired("webApp", "shop", webAppSpec("renamed-in-manifest"))], state: [stateEntry("webApp", "shop", id)] });
    const shop = o.objects.find((x) => x.address === "qualys.webApp.shop");
    expect(shop).toMatchObject({ match: "state", ids: { id } });
    expect(shop?.spec).toEqual({ name: "shop", url: "https://shop.example.com", tags: ["pci", "prod"], defaultProfile: "qualys.profile.default" });
    expect(shop?.fingerprint).toMatch(/^sha256:/);
  });

  it("finds a same-named web app state does not know as a name match", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop");
    const o = await s.session.observe({ desired: [desired("webApp", "shop", webAppSpec("shop"))], state: [] });
    expect(o.objects).toEqual([expect.objectContaining({ address: "qualys.webApp.shop", match: "name", ids: { id } })]);
  });

  it("reports a name two web apps share instead of guessing", async () => {
    const s = await setup();
    await seedWebApp(s, "twin");
    await seedWebApp(s, "twin");
    const o = await s.session.observe({ desired: [desired("webApp", "twin", webAppSpec("twin"))], state: [] });
    expect(o.objects).toEqual([]);
    expect(o.diagnostics).toEqual([expect.objectContaining({ code: "VENDOR_AMBIGUOUS", message: expect.stringContaining('2 web apps are named "twin"') })]);
  });

  it("returns nothing for a state entry whose web app is gone", async () => {
    const s = await setup();
    const o = await s.session.observe({ desired: [], state: [stateEntry("webApp", "gone", "424242")] });
    expect(o.objects).toEqual([]);
  });

  it("shows an undeclared default profile as null, with a note", async () => {
    const s = await setup();
    await seedWebApp(s, "shop", `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile>`);
    const o = await s.session.observe({ desired: [desired("webApp", "shop", webAppSpec("shop"))], state: [] });
    expect(o.objects[0]?.spec["defaultProfile"]).toBeNull();
    expect(o.objects[0]?.notes[0]).toContain(PROFILE_ID);
  });

  it("reports a tag that does not exist at the web app that uses it", async () => {
    const s = await setup();
    const o = await s.session.observe({ desired: [desired("webApp", "shop", webAppSpec("shop", { tags: ["prod", "nope"] }))], state: [] });
    expect(o.diagnostics).toEqual([expect.objectContaining({ code: "VENDOR_NOT_FOUND", message: 'qualys.webApp.shop: no tag named "nope" at Qualys.' })]);
  });

  it("normalises schedules: web app ids to addresses, start date to local time, week days in order", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const other = await seedWebApp(s, "other");
    const id = await seedSchedule(s, "nightly", app);
    const o = await s.session.observe({
      desired: [profile(), desired("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"]))],
      state: [stateEntry("webApp", "shop", app), stateEntry("schedule", "nightly", id)],
    });
    expect(o.objects.find((x) => x.address === "qualys.schedule.nightly")?.spec).toEqual({
      name: "nightly",
      type: "VULNERABILITY",
      webApps: ["qualys.webApp.shop"],
      profile: "qualys.profile.default",
      occurrence: { type: "DAILY", everyNDays: 1 },
      at: "02:00",
      timezone: "UTC",
      active: true,
    });
    expect(other).not.toBe(app);
  });

  it("shows an undeclared target web app as id:<n> with a note", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "stranger");
    const id = await seedSchedule(s, "nightly", app);
    const o = await s.session.observe({ desired: [profile()], state: [stateEntry("schedule", "nightly", id)] });
    const sched = o.objects.find((x) => x.address === "qualys.schedule.nightly");
    expect(sched?.spec["webApps"]).toEqual([`id:${app}`]);
    expect(sched?.notes.join(" ")).toContain(app);
  });

  // A web app deleted in the console is recreated with a new id; its schedule still targets the old
  // one, which Qualys marks invalid. Named by the address state gave the old id, the schedule looked
  // unchanged and was left pointing at nothing.
  it("shows a target web app that is gone as id:<n>, even when state gave that id to an address", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "store");
    const id = await seedSchedule(s, "nightly", app);
    await s.raw("POST", `/qps/rest/3.0/delete/was/webapp/${app}`, "<ServiceRequest></ServiceRequest>");
    const o = await s.session.observe({ desired: [profile()], state: [stateEntry("webApp", "store", app), stateEntry("schedule", "nightly", id)] });
    expect(o.objects.find((x) => x.address === "qualys.schedule.nightly")?.spec["webApps"]).toEqual([`id:${app}`]);
  });

  it("changes the fingerprint when the object changes at Qualys", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop");
    const req = { desired: [desired("webApp", "shop", webAppSpec("shop"))], state: [stateEntry("webApp", "shop", id)] };
    const before = (await s.session.observe(req)).objects[0]?.fingerprint;
    expect((await s.session.observe(req)).objects[0]?.fingerprint).toBe(before);
    s.clock.advance(1000);
    await s.raw("POST", `/qps/rest/3.0/update/was/webapp/${id}`, "<ServiceRequest><data><WebApp><url>https://new.example.com</url></WebApp></data></ServiceRequest>");
    expect((await s.session.observe(req)).objects[0]?.fingerprint).not.toBe(before);
  });

  it("makes no call when there is nothing of this vendor to read", async () => {
    const s = await setup();
    await s.session.observe({ desired: [], state: [] });
    expect(s.counter.total()).toBe(0);
  });

  it("reads web apps and schedules before it looks names up, so no lookup delays a page", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    await seedSchedule(s, "nightly", app);
    s.running.emulators.qualys!.log.clear();
    await s.session.observe({ desired: [profile(), desired("webApp", "shop", webAppSpec("shop", { tags: ["prod", "pci"] })), desired("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"]))], state: [] });
    const order = s.running.emulators.qualys!.log.entries().map((e) => e.operation);
    expect(order.slice(0, 2).sort()).toEqual(["searchSchedules", "searchWebApps"]);
    expect(order.slice(2).sort()).toEqual(["searchOptionProfiles", "searchTags", "searchTags"]);
  });

  it("pages through every web app across hasMoreRecords", async () => {
    const s = await setup();
    const ids = await inParallel(1003, 16, (i) => seedWebApp(s, `app-${i}`));
    const o = await s.session.observe({ desired: [], state: ids.map((id, i) => stateEntry("webApp", `app-${i}`, id)) });
    expect(o.objects).toHaveLength(1003);
    // The web apps in state are not in the manifests, so they are deleted: one schedule search
    // finds the schedules scanform does not manage that target them (the plan warns of those).
    expect(s.counter.counts()).toEqual({ "qualys.search.WebApp": 2, "qualys.search.WasScanSchedule": 1 });
  });

  it("reads no schedule when no web app is leaving the manifests and none is declared or in state", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "kept");
    await s.session.observe({ desired: [desired("webApp", "kept", webAppSpec("kept"))], state: [stateEntry("webApp", "kept", id)] });
    expect(s.counter.counts()).toEqual({ "qualys.search.WebApp": 1 });
  });

  it("names the schedules scanform does not manage that target a web app leaving the manifests", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "gone");
    const scheduleId = await seedSchedule(s, "hand-made", id);
    const o = await s.session.observe({ desired: [], state: [stateEntry("webApp", "gone", id)] });
    expect(o.objects.find((x) => x.address === "qualys.webApp.gone")?.usedBy).toEqual([
      `schedule "hand-made" (id ${scheduleId}), which scanform does not manage, targets it; Qualys marks a schedule whose web app is gone invalid`,
    ]);
  });
});

describe("qualys driver: confirming that an object a search lacked is gone", () => {
  it("reads the web app by id: present while Qualys holds it, absent once Qualys answers OBJECT_NOT_FOUND", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "kept");
    const object = { address: "qualys.webApp.kept", kind: "webApp", ids: { id } };
    expect(await s.session.confirmAbsent?.(object)).toBe("present");
    expect(await s.session.confirmAbsent?.({ ...object, ids: { id: "999999" } })).toBe("absent");
  });
});
