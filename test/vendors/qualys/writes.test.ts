import { describe, expect, it } from "vitest";
import { PROFILE_ID, stateEntry, createChange, deleteChange, desired, failure, profile, scheduleSpec, seedWebApp, setup, step, updateChange, webAppSpec } from "./helpers.js";

const getXml = async (s: Awaited<ReturnType<typeof setup>>, path: string): Promise<string> => s.raw("GET", path);

describe("qualys driver: web apps", () => {
  it("creates a web app with its profile and tags, and checkpoints its id", async () => {
    const s = await setup();
    const ctx = step({ "qualys.profile.default": PROFILE_ID });
    const ids = await s.session.create(createChange("webApp", "shop", webAppSpec("shop", { tags: ["prod", "pci"], defaultProfile: "qualys.profile.default" })), ctx);
    expect(ctx.checkpoints).toEqual([ids]);
    const xml = await getXml(s, `/qps/rest/3.0/get/was/webapp/${ids["id"]}`);
    expect(xml).toContain("<name><![CDATA[shop]]></name>");
    expect(xml).toContain(`<defaultProfile><id>${PROFILE_ID}</id>`);
    expect(xml).toContain("<count>2</count>");
  });

  it("reads back what it created as the same spec", async () => {
    const s = await setup();
    const spec = webAppSpec("Shop (production)", { url: "https://shop.example.com/", tags: ["prod", "pci"].sort(), defaultProfile: "qualys.profile.default" });
    const ids = await s.session.create(createChange("webApp", "shop", spec), step({ "qualys.profile.default": PROFILE_ID }));
    const o = await s.session.observe({ desired: [profile(), desired("webApp", "shop", spec)], state: [] });
    expect(o.objects.find((x) => x.address === "qualys.webApp.shop")).toMatchObject({ match: "name", ids, spec });
  });

  it("refuses to create a web app whose tag does not exist, sending nothing", async () => {
    const s = await setup();
    const e = await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop", { tags: ["nope"] })), step()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toContain('no tag named "nope"');
    expect(s.counter.counts()["qualys.create.WebApp"]).toBeUndefined();
  });

  it("refuses a reference that has no id yet", async () => {
    const s = await setup();
    const e = await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop", { defaultProfile: "qualys.profile.default" })), step()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toContain("qualys.profile.default has no Qualys id yet");
  });

  it("reports Qualys' own validation message for a bad URL", async () => {
    const s = await setup();
    const e = await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop", { url: "ftp://shop" })), step()));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toBe("qualys.create.WebApp for qualys.webApp.shop: HTTP 200, INVALID_REQUEST: Invalid url: ftp://shop: Specify an absolute http:// or https:// URL.");
    expect(e.detail).toMatchObject({ responseCode: "INVALID_REQUEST", status: 200, address: "qualys.webApp.shop" });
  });

  it("updates only the changed fields, tags with an authoritative set", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop", "<tags><set><Tag><id>5001</id></Tag></set></tags>");
    await s.session.update(updateChange("webApp", "shop", id, webAppSpec("shop", { tags: ["prod"] }), webAppSpec("shop", { tags: ["staging"] })), step());
    const xml = await getXml(s, `/qps/rest/3.0/get/was/webapp/${id}`);
    expect(xml).toContain("<name><![CDATA[staging]]></name>");
    expect(xml).not.toContain("<name><![CDATA[prod]]></name>");
    expect(s.counter.counts()["qualys.update.WebApp"]).toBe(1);
  });

  it("renames and moves a web app in one update", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop");
    await s.session.update(updateChange("webApp", "shop", id, webAppSpec("shop"), webAppSpec("store", { url: "https://store.example.com" })), step());
    const xml = await getXml(s, `/qps/rest/3.0/get/was/webapp/${id}`);
    expect(xml).toContain("<name><![CDATA[store]]></name>");
    expect(xml).toContain("<url><![CDATA[https://store.example.com]]></url>");
  });

  // `ignore:` promises a field is never compared and never written: the console owns it.
  it("leaves an ignored field alone when another field changes", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop", "<tags><set><Tag><id>5001</id></Tag><Tag><id>5002</id></Tag></set></tags>");
    const before = webAppSpec("shop", { tags: ["pci", "prod"] });
    const after = webAppSpec("shop", { url: "https://shop2.example.com", tags: ["prod"] });
    await s.session.update(updateChange("webApp", "shop", id, before, after, ["tags"]), step());
    const xml = await getXml(s, `/qps/rest/3.0/get/was/webapp/${id}`);
    expect(xml).toContain("<url><![CDATA[https://shop2.example.com]]></url>");
    expect(xml).toContain("<count>2</count>");
  });

  it("does not refuse a profile it was told to ignore, and sends none", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop");
    const before = webAppSpec("shop", { defaultProfile: "qualys.profile.default" });
    const after = webAppSpec("shop", { url: "https://shop2.example.com", defaultProfile: null });
    await s.session.update(updateChange("webApp", "shop", id, before, after, ["defaultProfile"]), step());
    expect(s.counter.counts()["qualys.update.WebApp"]).toBe(1);
  });

  it("sends nothing when nothing changed", async () => {
    const s = await setup();
    await s.session.update(updateChange("webApp", "shop", "1", webAppSpec("shop"), webAppSpec("shop")), step());
    expect(s.counter.total()).toBe(0);
  });

  it("answers VENDOR_NOT_FOUND when updating a web app that is gone", async () => {
    const s = await setup();
    const e = await failure(s.session.update(updateChange("webApp", "shop", "999", webAppSpec("shop"), webAppSpec("store")), step()));
    expect(e.code).toBe("VENDOR_NOT_FOUND");
    expect(e.message).toContain("OBJECT_NOT_FOUND");
  });

  it("deletes a web app, and takes one already gone as deleted", async () => {
    const s = await setup();
    const id = await seedWebApp(s, "shop");
    await s.session.delete(deleteChange("webApp", "shop", id, webAppSpec("shop")), step());
    expect(await getXml(s, `/qps/rest/3.0/get/was/webapp/${id}`)).toContain("OBJECT_NOT_FOUND");
    await s.session.delete(deleteChange("webApp", "shop", id, webAppSpec("shop")), step());
  });
});

describe("qualys driver: schedules", () => {
  const known = (app: string) => ({ "qualys.profile.default": PROFILE_ID, "qualys.webApp.shop": app });

  it("creates a weekly schedule starting at the next occurrence in its zone", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const ctx = step(known(app));
    const ids = await s.session.create(createChange("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"])), ctx);
    expect(ctx.checkpoints).toEqual([ids]);
    const xml = await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`);
    // 2026-01-01 is a Thursday; the first Sunday at 02:00 in London (GMT in winter) is 2026-01-04T02:00Z.
    expect(xml).toContain("<startDate>2026-01-04T02:00:00Z</startDate>");
    expect(xml).toContain("<code><![CDATA[Europe/London]]></code>");
    expect(xml).toContain("<WeekDay>SUNDAY</WeekDay>");
  });

  it("moves the start to the next day when today's time has passed", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    s.clock.set(Date.UTC(2026, 0, 1, 3, 0));
    const spec = scheduleSpec("daily", ["qualys.webApp.shop"], { occurrence: { type: "DAILY", everyNDays: 1 }, timezone: "UTC" });
    const ids = await s.session.create(createChange("schedule", "daily", spec), step(known(app)));
    expect(await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`)).toContain("<startDate>2026-01-02T02:00:00Z</startDate>");
  });

  it("reads back what it created as the same spec", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const spec = scheduleSpec("nightly", ["qualys.webApp.shop"], { occurrence: { type: "WEEKLY", everyNWeeks: 2, days: ["mon", "fri"] }, at: "23:30", timezone: "America/New_York" });
    const ids = await s.session.create(createChange("schedule", "nightly", spec), step(known(app)));
    const o = await s.session.observe({ desired: [profile(), desired("schedule", "nightly", spec)], state: [stateEntry("webApp", "shop", app), stateEntry("schedule", "nightly", ids["id"]!)] });
    expect(o.objects.find((x) => x.address === "qualys.schedule.nightly")?.spec).toEqual(spec);
  });

  it("creates a schedule of several web apps as a multi target", async () => {
    const s = await setup();
    const a = await seedWebApp(s, "shop");
    const b = await seedWebApp(s, "blog");
    const ids = await s.session.create(createChange("schedule", "both", scheduleSpec("both", ["qualys.webApp.blog", "qualys.webApp.shop"])), step({ ...known(a), "qualys.webApp.blog": b }));
    expect(await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`)).toContain("<multi>true</multi>");
  });

  it("updates changed fields and switches active with deactivate", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const before = scheduleSpec("nightly", ["qualys.webApp.shop"]);
    const ids = await s.session.create(createChange("schedule", "nightly", before), step(known(app)));
    s.counter.reset();
    const after = { ...before, name: "nightly-2", at: "04:15", active: false };
    await s.session.update(updateChange("schedule", "nightly", ids["id"]!, before, after), step(known(app)));
    expect(s.counter.counts()).toEqual({ "qualys.deactivate.WasScanSchedule": 1, "qualys.update.WasScanSchedule": 1 });
    const xml = await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`);
    expect(xml).toContain("<name><![CDATA[nightly-2]]></name>");
    expect(xml).toContain("<startDate>2026-01-04T04:15:00Z</startDate>");
    expect(xml).toContain("<active>false</active>");
  });

  it("leaves ignored timing and active alone when only the name changes", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const before = scheduleSpec("nightly", ["qualys.webApp.shop"], { active: false });
    const ids = await s.session.create(createChange("schedule", "nightly", before), step(known(app)));
    s.counter.reset();
    const after = { ...before, name: "nightly-2", at: "04:15", active: true };
    await s.session.update(updateChange("schedule", "nightly", ids["id"]!, before, after, ["at", "active"]), step(known(app)));
    expect(s.counter.counts()).toEqual({ "qualys.update.WasScanSchedule": 1 });
    const xml = await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`);
    expect(xml).toContain("<name><![CDATA[nightly-2]]></name>");
    expect(xml).not.toContain("04:15");
    expect(xml).toContain("<active>false</active>");
  });

  // §11: an update is partial. Qualys' external scanners are scanform's choice for a schedule it
  // creates; a scanner or cancel option set in the console since is not the manifest's to reset.
  it("sends the web apps of a changed target without a scanner appliance", async () => {
    const { scheduleBody } = await import("../../../src/vendors/qualys/api.js");
    const { buildXml } = await import("../../../src/vendors/qualys/xml.js");
    const update = buildXml("ServiceRequest", scheduleBody({ webAppIds: ["11", "12"] }));
    expect(update).toContain("<webApps><set><WebApp><id>11</id></WebApp><WebApp><id>12</id></WebApp></set></webApps>");
    expect(update).not.toContain("scannerAppliance");
    expect(buildXml("ServiceRequest", scheduleBody({ webAppIds: ["11"], scanner: "EXTERNAL" }))).toContain("<scannerAppliance><type>EXTERNAL</type></scannerAppliance>");
  });

  it("activates without an update when only active changed", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const before = scheduleSpec("nightly", ["qualys.webApp.shop"], { active: false });
    const ids = await s.session.create(createChange("schedule", "nightly", before), step(known(app)));
    s.counter.reset();
    await s.session.update(updateChange("schedule", "nightly", ids["id"]!, before, { ...before, active: true }), step(known(app)));
    expect(s.counter.counts()).toEqual({ "qualys.activate.WasScanSchedule": 1 });
  });

  it("deletes a schedule", async () => {
    const s = await setup();
    const app = await seedWebApp(s, "shop");
    const spec = scheduleSpec("nightly", ["qualys.webApp.shop"]);
    const ids = await s.session.create(createChange("schedule", "nightly", spec), step(known(app)));
    await s.session.delete(deleteChange("schedule", "nightly", ids["id"]!, spec), step());
    expect(await getXml(s, `/qps/rest/3.0/get/was/wasscanschedule/${ids["id"]}`)).toContain("OBJECT_NOT_FOUND");
  });

  it("refuses an unknown time zone before sending anything", async () => {
    const s = await setup();
    const e = await failure(s.session.create(createChange("schedule", "x", scheduleSpec("x", ["qualys.webApp.shop"], { timezone: "Mars/Base" })), step(known("1"))));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(s.counter.total()).toBe(0);
  });
});
