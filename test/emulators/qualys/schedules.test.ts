import { describe, expect, it } from "vitest";
import { PROFILE_ID, createWebApp, criteria, data, filters, items, req, startQualys, type Emu } from "./helpers.js";

const weekly = (webAppId: number, start = "2026-01-05T02:00:00Z", name = "shop-prod weekly"): string => `<ServiceRequest><data><WasScanSchedule>
  <name><![CDATA[${name}]]></name>
  <active>true</active>
  <type>VULNERABILITY</type>
  <target>
    <webApp><id>${webAppId}</id></webApp>
    <scannerAppliance><type>EXTERNAL</type></scannerAppliance>
    <cancelOption>SPECIFIC</cancelOption>
  </target>
  <profile><id>${PROFILE_ID}</id></profile>
  <scheduling>
    <startDate>${start}</startDate>
    <timeZone><code>UTC</code></timeZone>
    <occurrenceType>WEEKLY</occurrenceType>
    <occurrence><weeklyOccurrence><everyNWeeks>1</everyNWeeks>
      <onDays><WeekDay>SUNDAY</WeekDay></onDays></weeklyOccurrence></occurrence>
  </scheduling>
</WasScanSchedule></data></ServiceRequest>`;

const daily = (ids: number[], zone = "Europe/London", start = "2026-06-01T01:00:00Z"): string =>
  data(`<WasScanSchedule><name>nightly</name><type>DISCOVERY</type>
    <target><webApps><set>${ids.map((i) => `<WebApp><id>${i}</id></WebApp>`).join("")}</set></webApps></target>
    <profile><id>${PROFILE_ID}</id></profile>
    <scheduling><startDate>${start}</startDate><timeZone><code>${zone}</code></timeZone><occurrenceType>DAILY</occurrenceType>
    <occurrence><dailyOccurrence><everyNDays>2</everyNDays></dailyOccurrence></occurrence></scheduling></WasScanSchedule>`);

async function createSchedule(emu: Emu, body: string): Promise<number> {
  const a = await emu.post("/qps/rest/3.0/create/was/wasscanschedule", body);
  if (a.xml.responseCode !== "SUCCESS") throw new Error(a.body);
  return Number(a.xml.data.WasScanSchedule.id);
}

const get = async (emu: Emu, id: number) => (await emu.get(`/qps/rest/3.0/get/was/wasscanschedule/${id}`)).xml;

describe("qualys emulator: schedules", () => {
  it("creates the sheet's weekly schedule and answers just its id", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const a = await emu.post("/qps/rest/3.0/create/was/wasscanschedule", weekly(app));
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.count).toBe("1");
    expect(Object.keys(a.xml.data.WasScanSchedule)).toEqual(["id"]);
  });

  it("gets a schedule with the time zone offset and the next launch date", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const s = (await get(emu, await createSchedule(emu, weekly(app)))).data.WasScanSchedule;
    expect(s.name).toBe("shop-prod weekly");
    expect(s.target.webApp.id).toBe(String(app));
    expect(s.target.cancelOption).toBe("SPECIFIC");
    expect(s.scheduling.timeZone).toEqual({ code: "UTC", offset: "+00:00" });
    expect(s.scheduling.occurrence.weeklyOccurrence.onDays.WeekDay).toBe("SUNDAY");
    expect(s.nextLaunchDate).toBe("2026-01-05T02:00:00Z");
    expect(s.multi).toBe("false");
    expect(s.invalid).toBe("false");
  });

  it("reports the zone offset at the start date", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const s = (await get(emu, await createSchedule(emu, daily([app])))).data.WasScanSchedule;
    expect(s.scheduling.timeZone.offset).toBe("+01:00");
    expect(s.multi).toBe("true");
    expect(s.target.webApps.count).toBe("1");
  });

  it("refuses a start date in the past with the sheet's message", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const a = await emu.post("/qps/rest/3.0/create/was/wasscanschedule", weekly(app, "2025-12-31T02:00:00Z"));
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Start Time cannot be before current time");
  });

  it("refuses a GET scheduling copied back with its offset, as INVALID_XML", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    const a = await emu.post(
      `/qps/rest/3.0/update/was/wasscanschedule/${id}`,
      data("<WasScanSchedule><scheduling><startDate>2026-02-01T00:00:00Z</startDate><timeZone><code>UTC</code><offset>+00:00</offset></timeZone></scheduling></WasScanSchedule>"),
    );
    expect(a.xml.responseCode).toBe("INVALID_XML");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Invalid content was found starting with element 'offset'.");
  });

  it("refuses elements out of the documented order", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/wasscanschedule", data("<WasScanSchedule><type>VULNERABILITY</type><name>x</name></WasScanSchedule>"));
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Invalid content was found starting with element 'name'.");
  });

  it.each([
    ["an unknown web app", (app: number) => weekly(app + 1000)],
    ["an unknown zone", (app: number) => daily([app], "Mars/Olympus")],
    ["MONTHLY", (app: number) => weekly(app).replace("<occurrenceType>WEEKLY</occurrenceType>", "<occurrenceType>MONTHLY</occurrenceType>")],
    ["an auth record the tenant lacks", (app: number) => weekly(app).replace("<scannerAppliance>", "<webAppAuthRecord><id>1054</id></webAppAuthRecord><scannerAppliance>")],
  ])("refuses a schedule with %s as INVALID_REQUEST", async (_, body) => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    expect((await emu.post("/qps/rest/3.0/create/was/wasscanschedule", body(app))).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("updates only the elements sent", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    const a = await emu.post(`/qps/rest/3.0/update/was/wasscanschedule/${id}`, data("<WasScanSchedule><name>renamed</name></WasScanSchedule>"));
    expect(a.xml.data.WasScanSchedule).toEqual({ id: String(id) });
    const s = (await get(emu, id)).data.WasScanSchedule;
    expect(s.name).toBe("renamed");
    expect(s.scheduling.occurrenceType).toBe("WEEKLY");
  });

  it("applies the sheet's notification update", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    const a = await emu.post(
      `/qps/rest/3.0/update/was/wasscanschedule/${id}`,
      `<ServiceRequest><data><WasScanSchedule><notification>
  <active>true</active><delay><nb>4</nb><scale>DAY</scale></delay>
  <recipients><set><EmailAddress><![CDATA[name1@company.com]]></EmailAddress></set></recipients>
  <message><![CDATA[The schedule notification message]]></message>
</notification></WasScanSchedule></data></ServiceRequest>`,
    );
    expect(a.xml.responseCode).toBe("SUCCESS");
    const n = (await get(emu, id)).data.WasScanSchedule.notification;
    expect(n).toMatchObject({ active: "true", delay: { nb: "4", scale: "DAY" }, message: "The schedule notification message" });
    expect(n.recipients.list.EmailAddress).toBe("name1@company.com");
  });

  it("replaces the target's web apps with set", async () => {
    const emu = await startQualys();
    const a = await createWebApp(emu, "a");
    const b = await createWebApp(emu, "b");
    const id = await createSchedule(emu, daily([a]));
    await emu.post(`/qps/rest/3.0/update/was/wasscanschedule/${id}`, data(`<WasScanSchedule><target><webApps><set><WebApp><id>${a}</id></WebApp><WebApp><id>${b}</id></WebApp></set></webApps></target></WasScanSchedule>`));
    expect(items((await get(emu, id)).data.WasScanSchedule.target.webApps.list.WebApp).map((w) => w.name)).toEqual(["a", "b"]);
  });

  it("deactivates and activates by id", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    const off = await emu.post(`/qps/rest/3.0/deactivate/was/wasscanschedule/${id}`);
    expect(off.xml.data.WasScanSchedule).toEqual({ id: String(id) });
    expect((await get(emu, id)).data.WasScanSchedule.active).toBe("false");
    expect((await get(emu, id)).data.WasScanSchedule.nextLaunchDate).toBeUndefined();
    await emu.post(`/qps/rest/3.0/activate/was/wasscanschedule/${id}`);
    expect((await get(emu, id)).data.WasScanSchedule.active).toBe("true");
  });

  it("deactivates by filters", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    await createSchedule(emu, weekly(app, undefined, "one"));
    await createSchedule(emu, weekly(app, undefined, "two"));
    const a = await emu.post("/qps/rest/3.0/deactivate/was/wasscanschedule", req(filters(criteria("webApp.id", "EQUALS", String(app)))));
    expect(items(a.xml.data.WasScanSchedule)).toHaveLength(2);
    const active = await emu.post("/qps/rest/3.0/count/was/wasscanschedule", req(filters(criteria("active", "EQUALS", "true"))));
    expect(active.xml.count).toBe("0");
  });

  it("searches schedules as summaries, or in full with verbose", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    await createSchedule(emu, weekly(app));
    const plain = (await emu.post("/qps/rest/3.0/search/was/wasscanschedule", req(""))).xml.data.WasScanSchedule;
    expect(plain.scheduling).toBeUndefined();
    const full = (await emu.post("/qps/rest/3.0/search/was/wasscanschedule", req("<preferences><verbose>true</verbose></preferences>"))).xml.data.WasScanSchedule;
    expect(full.scheduling.occurrenceType).toBe("WEEKLY");
    expect(full.profile.name).toBe("Initial WAS Options");
  });

  it("marks a schedule invalid once its web app is deleted", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    await emu.post(`/qps/rest/3.0/delete/was/webapp/${app}`);
    expect((await get(emu, id)).data.WasScanSchedule.invalid).toBe("true");
    const a = await emu.post("/qps/rest/3.0/search/was/wasscanschedule", req(filters(criteria("invalid", "EQUALS", "true"))));
    expect(a.xml.count).toBe("1");
  });

  it("deletes by id and answers OBJECT_NOT_FOUND after", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const id = await createSchedule(emu, weekly(app));
    expect((await emu.post(`/qps/rest/3.0/delete/was/wasscanschedule/${id}`)).xml.data.WasScanSchedule).toEqual({ id: String(id) });
    expect((await get(emu, id)).responseCode).toBe("OBJECT_NOT_FOUND");
    expect((await emu.post(`/qps/rest/3.0/activate/was/wasscanschedule/${id}`)).xml.responseCode).toBe("OBJECT_NOT_FOUND");
  });

  it("pages schedules by id GREATER lastId", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    for (let i = 0; i < 3; i += 1) await createSchedule(emu, weekly(app, undefined, `s${i}`));
    const first = await emu.post("/qps/rest/3.0/search/was/wasscanschedule", req("<preferences><limitResults>2</limitResults></preferences>"));
    expect(first.xml.hasMoreRecords).toBe("true");
    const second = await emu.post("/qps/rest/3.0/search/was/wasscanschedule", req(`<preferences><limitResults>2</limitResults></preferences>${filters(criteria("id", "GREATER", first.xml.lastId))}`));
    expect(second.xml.data.WasScanSchedule.name).toBe("s2");
    expect(second.xml.hasMoreRecords).toBe("false");
  });
});
