import { describe, expect, it } from "vitest";
import { PROFILE_ID, createWebApp, criteria, data, filters, items, req, startQualys, type Emu } from "./helpers.js";

const LAUNCH = "/qps/rest/3.0/launch/was/wasscan";

const single = (app: number, name = "ci-shop-prod-2024-06-01", extra = ""): string => `<ServiceRequest><data><WasScan>
  <name><![CDATA[${name}]]></name>
  <type>VULNERABILITY</type>
  <target>
    <webApp><id>${app}</id></webApp>
    <scannerAppliance><type>EXTERNAL</type></scannerAppliance>
    <cancelOption>SPECIFIC</cancelOption>
  </target>
  <profile><id>${PROFILE_ID}</id></profile>
  ${extra}
  <sendMail>false</sendMail>
</WasScan></data></ServiceRequest>`;

const multi = (apps: number[], name = "nightly"): string => `<WasScan><name>${name}</name><type>VULNERABILITY</type>
  <target>
    <webApps><set>${apps.map((a) => `<WebApp><id>${a}</id></WebApp>`).join("")}</set></webApps>
    <scannerAppliance><type>EXTERNAL</type></scannerAppliance>
    <cancelOption>DEFAULT</cancelOption>
  </target>
  <profile><id>${PROFILE_ID}</id></profile>
  <sendMail>false</sendMail>
</WasScan>`;

async function launch(emu: Emu, body: string): Promise<number[]> {
  const a = await emu.post(LAUNCH, body);
  if (a.xml.responseCode !== "SUCCESS") throw new Error(a.body);
  return items(a.xml.data.WasScan).map((s) => Number(s.id));
}

const status = async (emu: Emu, id: number) => (await emu.get(`/qps/rest/3.0/status/was/wasscan/${id}`)).xml;

describe("qualys emulator: scans", () => {
  it("launches the sheet's single web app scan and answers its id", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const a = await emu.post(LAUNCH, single(app, undefined, "<cancelAfterNHours>4</cancelAfterNHours>"));
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.count).toBe("1");
    expect(Object.keys(a.xml.data.WasScan)).toEqual(["id"]);
  });

  it("refuses the sheet's launch with an auth record the tenant does not have", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    const body = single(app).replace("<scannerAppliance>", "<webAppAuthRecord><id>1054</id></webAppAuthRecord><scannerAppliance>");
    const a = await emu.post(LAUNCH, body);
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect(a.xml.responseErrorDetails.errorMessage).toContain("1054");
  });

  it("launches a multi scan as one scan per web app", async () => {
    const emu = await startQualys();
    const a = await createWebApp(emu, "a");
    const b = await createWebApp(emu, "b");
    const ids = await launch(emu, data(multi([a, b])));
    expect(ids).toHaveLength(2);
    const found = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("name", "EQUALS", "nightly"))));
    expect(items(found.xml.data.WasScan).map((s) => [s.target.webApp.name, s.multi])).toEqual([["a", "true"], ["b", "true"]]);
  });

  it("moves a scan SUBMITTED → RUNNING → FINISHED on the emulator clock", async () => {
    const emu = await startQualys({ runDurationMs: 1000, submittedMs: 100 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    expect((await status(emu, id!)).data.WasScan.status).toBe("SUBMITTED");
    expect((await status(emu, id!)).data.WasScan.summary).toBeUndefined();
    emu.clock.advance(100);
    expect((await status(emu, id!)).data.WasScan.status).toBe("RUNNING");
    emu.clock.advance(900);
    const done = (await status(emu, id!)).data.WasScan;
    expect(done).toEqual({ id: String(id), status: "FINISHED", summary: { resultsStatus: "SUCCESSFUL", authStatus: "NONE" } });
  });

  it("ends a web app's scans as the outcomes option says", async () => {
    const emu = await startQualys({ runDurationMs: 0, outcomes: { dead: { resultsStatus: "NO_HOST_ALIVE" }, broken: { status: "ERROR" } } });
    const dead = await createWebApp(emu, "dead");
    const broken = await createWebApp(emu, "broken");
    const [d] = await launch(emu, single(dead));
    const [b] = await launch(emu, single(broken));
    expect((await status(emu, d!)).data.WasScan).toMatchObject({ status: "FINISHED", summary: { resultsStatus: "NO_HOST_ALIVE" } });
    expect((await status(emu, b!)).data.WasScan.status).toBe("ERROR");
  });

  it("finishes with TIME_LIMIT_REACHED when cancelAfterNHours cuts the run", async () => {
    const emu = await startQualys({ runDurationMs: 2 * 3_600_000 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app, "long", "<cancelAfterNHours>1</cancelAfterNHours>"));
    emu.clock.advance(3_600_000);
    expect((await status(emu, id!)).data.WasScan).toMatchObject({ status: "FINISHED", summary: { resultsStatus: "TIME_LIMIT_REACHED" } });
  });

  it("answers the concurrent-running-scans limit with the sheet's INVALID_REQUEST and launches nothing", async () => {
    const emu = await startQualys({ maxRunningScans: 2, runDurationMs: 1000 });
    const app = await createWebApp(emu, "shop");
    await launch(emu, single(app, "one"));
    await launch(emu, single(app, "two"));
    const a = await emu.post(LAUNCH, single(app, "three"));
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("You have reached the maximum number of concurrent running scans (2) for your account");
    expect(a.xml.responseErrorDetails.errorResolution).toBe("Please wait until your previous scans have completed");
    expect((await emu.get("/qps/rest/3.0/count/was/wasscan")).xml.count).toBe("2");
    emu.clock.advance(1000);
    expect((await emu.post(LAUNCH, single(app, "three"))).xml.responseCode).toBe("SUCCESS");
  });

  it("counts every web app of a multi launch against the limit", async () => {
    const emu = await startQualys({ maxRunningScans: 1 });
    const a = await createWebApp(emu, "a");
    const b = await createWebApp(emu, "b");
    expect((await emu.post(LAUNCH, data(multi([a, b])))).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it.each([
    ["no profile when the web app has no default", (app: number) => single(app).replace(`<profile><id>${PROFILE_ID}</id></profile>`, "")],
    ["an unknown web app", (app: number) => single(app + 1)],
    ["an unknown profile", (app: number) => single(app).replace(`<id>${PROFILE_ID}</id>`, "<id>7</id>")],
    ["both webApp and webApps", (app: number) => single(app).replace("<scannerAppliance>", `<webApps><set><WebApp><id>${app}</id></WebApp></set></webApps><scannerAppliance>`)],
  ])("refuses a launch with %s as INVALID_REQUEST", async (_, body) => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop");
    expect((await emu.post(LAUNCH, body(app))).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("uses the web app's default profile when the launch names none", async () => {
    const emu = await startQualys();
    const app = await createWebApp(emu, "shop", undefined, `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile>`);
    const [id] = await launch(emu, single(app).replace(`<profile><id>${PROFILE_ID}</id></profile>`, ""));
    expect((await emu.get(`/qps/rest/3.0/get/was/wasscan/${id}`)).xml.data.WasScan.profile.id).toBe(String(PROFILE_ID));
  });

  it("answers the sheet's status shape, and OBJECT_NOT_FOUND for an unknown scan", async () => {
    const emu = await startQualys({ runDurationMs: 0 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    const a = await emu.get(`/qps/rest/3.0/status/was/wasscan/${id}`);
    expect(a.body).toMatch(/<data><WasScan><id>\d+<\/id><status>FINISHED<\/status><summary><resultsStatus>SUCCESSFUL<\/resultsStatus><authStatus>NONE<\/authStatus><\/summary><\/WasScan><\/data>/);
    expect((await status(emu, 1)).responseCode).toBe("OBJECT_NOT_FOUND");
  });

  it("finds a scan by a name fragment and filters by status", async () => {
    const emu = await startQualys({ runDurationMs: 1000 });
    const app = await createWebApp(emu, "shop");
    await launch(emu, single(app, "shop-ci (scanform run-abc123)"));
    const byName = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("name", "CONTAINS", "run-abc123"))));
    expect(byName.xml.data.WasScan.name).toBe("shop-ci (scanform run-abc123)");
    const running = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("status", "IN", "SUBMITTED,RUNNING"))));
    expect(running.xml.count).toBe("1");
    const bad = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("status", "EQUALS", "DONE"))));
    expect(bad.xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("searches scans by a list of ids (id IN), each with the status and summary its status call gives", async () => {
    const emu = await startQualys({ runDurationMs: 1000 });
    const shop = await createWebApp(emu, "shop");
    const [a] = await launch(emu, single(shop, "a"));
    const [b] = await launch(emu, single(shop, "b"));
    const [c] = await launch(emu, single(shop, "c"));
    await emu.post(`/qps/rest/3.0/cancel/was/wasscan/${b}`);
    emu.clock.advance(1000);
    const found = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("id", "IN", `${a},${b},999999`))));
    expect(found.xml.count).toBe("2");
    const scans = items(found.xml.data.WasScan);
    expect(scans.map((s) => [s.id, s.status, s.summary?.resultsStatus])).toEqual([
      [String(a), "FINISHED", "SUCCESSFUL"],
      [String(b), "CANCELED", undefined],
    ]);
    expect(scans.map((s) => s.id)).not.toContain(String(c));
    const wrong = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("id", "IN", `${a},abc`))));
    expect(wrong.xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("leaves summary out of scan search answers when scanSearchSummary is false, while the status call keeps it", async () => {
    const emu = await startQualys({ runDurationMs: 1000, scanSearchSummary: false });
    const shop = await createWebApp(emu, "shop");
    const [a] = await launch(emu, single(shop, "a"));
    emu.clock.advance(1000);
    const found = items((await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("id", "IN", `${a}`))))).xml.data.WasScan);
    expect(found.map((s) => [s.id, s.status, s.summary])).toEqual([[String(a), "FINISHED", undefined]]);
    expect((await status(emu, a!)).data.WasScan.summary).toEqual({ resultsStatus: "SUCCESSFUL", authStatus: "NONE" });
  });

  it("cancels a running scan; its status then has no summary", async () => {
    const emu = await startQualys({ runDurationMs: 1000 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    const a = await emu.post(`/qps/rest/3.0/cancel/was/wasscan/${id}`);
    expect(a.xml.data.WasScan).toEqual({ id: String(id) });
    expect((await status(emu, id!)).data.WasScan).toEqual({ id: String(id), status: "CANCELED" });
    expect((await emu.post(`/qps/rest/3.0/cancel/was/wasscan/${id}`)).xml.responseCode).toBe("INVALID_REQUEST");
    expect((await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("keeps partial results of a scan canceled with results", async () => {
    const emu = await startQualys({ runDurationMs: 1000, outcomes: { shop: { vulns: [10, 10, 10, 10, 10] } } });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    emu.clock.advance(500);
    await emu.post(`/qps/rest/3.0/cancel/was/wasscan/${id}`, data("<WasScan><cancelWithResults>true</cancelWithResults></WasScan>"));
    const g = (await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.data.WasScan.stats.global;
    expect(g.nbVulnsLevel1).toBe("5");
    expect(g.nbVulnsTotal).toBe("25");
  });

  it("downloads vulnerability counts by level once finished", async () => {
    const emu = await startQualys({ runDurationMs: 1000, outcomes: { shop: { vulns: [3, 2, 1, 1, 0] } } });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    expect((await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.responseCode).toBe("INVALID_REQUEST");
    emu.clock.advance(1000);
    const s = (await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.data.WasScan;
    expect(s.status).toBe("FINISHED");
    expect(s.stats.global).toEqual({ nbVulnsTotal: "7", nbVulnsLevel1: "3", nbVulnsLevel2: "2", nbVulnsLevel3: "1", nbVulnsLevel4: "1", nbVulnsLevel5: "0" });
  });

  it("draws the same findings from the same seed", async () => {
    const counts = async (): Promise<unknown> => {
      const emu = await startQualys({ runDurationMs: 0 });
      const app = await createWebApp(emu, "shop");
      const [id] = await launch(emu, single(app));
      return (await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.data.WasScan.stats.global;
    };
    expect(await counts()).toEqual(await counts());
  });

  it("finds nothing in a DISCOVERY scan", async () => {
    const emu = await startQualys({ runDurationMs: 0 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app).replace("VULNERABILITY", "DISCOVERY"));
    expect((await emu.get(`/qps/rest/3.0/download/was/wasscan/${id}`)).xml.data.WasScan.stats.global.nbVulnsTotal).toBe("0");
  });

  it("keeps a scan's web app name after the web app is deleted", async () => {
    const emu = await startQualys({ runDurationMs: 0 });
    const app = await createWebApp(emu, "shop");
    const [id] = await launch(emu, single(app));
    await emu.post(`/qps/rest/3.0/delete/was/webapp/${app}`);
    expect((await emu.get(`/qps/rest/3.0/get/was/wasscan/${id}`)).xml.data.WasScan.target.webApp.name).toBe("shop");
  });
});

describe("qualys emulator: state inspection", () => {
  it("dumps, resets and loads its state", async () => {
    const emu = await startQualys();
    await createWebApp(emu, "kept");
    const e = emu.running.emulators.qualys!.vendor;
    const saved = e.dump();
    e.reset();
    expect((await emu.get("/qps/rest/3.0/count/was/webapp")).xml.count).toBe("0");
    expect((await emu.post("/qps/rest/2.0/search/am/tag", req(""))).xml.count).toBe("3");
    e.load(saved);
    expect((await emu.post("/qps/rest/3.0/search/was/webapp", req(""))).xml.data.WebApp.name).toBe("kept");
  });

  it("names every operation for the request log", async () => {
    const emu = await startQualys();
    await emu.post("/qps/rest/3.0/search/was/webapp", req(""));
    await emu.get("/qps/rest/3.0/status/was/wasscan/1");
    const ops = emu.running.emulators.qualys!.log.entries().map((e) => e.operation);
    expect(ops).toEqual(["searchWebApps", "scanStatus"]);
  });
});
