import { describe, expect, it } from "vitest";
import { PROFILE_ID, createWebApp, criteria, data, filters, items, req, startQualys } from "./helpers.js";

const SEARCH = "/qps/rest/3.0/search/was/webapp";

describe("qualys emulator: web apps", () => {
  it("creates the sheet's minimal web app and returns it with its id", async () => {
    const emu = await startQualys();
    const a = await emu.post(
      "/qps/rest/3.0/create/was/webapp",
      "<ServiceRequest><data><WebApp>\n  <name><![CDATA[My Web Application]]></name>\n  <url><![CDATA[http://mywebapp.com]]></url>\n</WebApp></data></ServiceRequest>",
    );
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.count).toBe("1");
    expect(a.xml.data.WebApp.name).toBe("My Web Application");
    expect(a.xml.data.WebApp.scope).toBe("ALL");
    expect(a.xml.data.WebApp.defaultProfile).toBeUndefined();
    expect(Number(a.xml.data.WebApp.id)).toBeGreaterThan(0);
  });

  it("writes text in CDATA", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data("<WebApp><name>a &amp; b</name><url>https://x.example.com/?a=1&amp;b=2</url></WebApp>"));
    expect(a.body).toContain("<name><![CDATA[a & b]]></name>");
    expect(a.body).toContain("<url><![CDATA[https://x.example.com/?a=1&b=2]]></url>");
  });

  it("creates the typical web app with default profile, scanner and tags", async () => {
    const emu = await startQualys();
    const a = await emu.post(
      "/qps/rest/3.0/create/was/webapp",
      data(`<WebApp><name><![CDATA[shop-prod]]></name><url><![CDATA[https://shop.example.com]]></url>
        <defaultProfile><id>${PROFILE_ID}</id></defaultProfile><defaultScanner><type>EXTERNAL</type></defaultScanner>
        <tags><set><Tag><id>5001</id></Tag><Tag><id>5002</id></Tag></set></tags></WebApp>`),
    );
    expect(a.xml.responseCode).toBe("SUCCESS");
    const w = a.xml.data.WebApp;
    expect(w.defaultProfile).toEqual({ id: String(PROFILE_ID), name: "Initial WAS Options" });
    expect(w.defaultScanner.type).toBe("EXTERNAL");
    expect(w.tags.count).toBe("2");
    expect(items(w.tags.list.Tag).map((t) => t.name)).toEqual(["prod", "pci"]);
  });

  it("does not de-duplicate web apps by name or URL", async () => {
    const emu = await startQualys();
    const one = await createWebApp(emu, "dup", "https://dup.example.com");
    const two = await createWebApp(emu, "dup", "https://dup.example.com");
    expect(one).not.toBe(two);
  });

  it.each([
    ["a missing url", "<WebApp><name>x</name></WebApp>"],
    ["a missing name", "<WebApp><url>https://x.example.com</url></WebApp>"],
    ["a URL without scheme", "<WebApp><name>x</name><url>x.example.com</url></WebApp>"],
    ["an unknown tag", "<WebApp><name>x</name><url>https://x.example.com</url><tags><set><Tag><id>42</id></Tag></set></tags></WebApp>"],
    ["an unknown profile", "<WebApp><name>x</name><url>https://x.example.com</url><defaultProfile><id>9</id></defaultProfile></WebApp>"],
  ])("refuses a create with %s as INVALID_REQUEST", async (_, body) => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data(body));
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect(a.xml.responseErrorDetails.errorMessage).toBeTruthy();
  });

  it("refuses a create without data", async () => {
    const emu = await startQualys();
    expect((await emu.post("/qps/rest/3.0/create/was/webapp", req(""))).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("gets a web app by id, and answers OBJECT_NOT_FOUND for an unknown id", async () => {
    const emu = await startQualys();
    const id = await createWebApp(emu, "shop");
    const a = await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`);
    expect(a.xml.data.WebApp.name).toBe("shop");
    const b = await emu.get("/qps/rest/3.0/get/was/webapp/999");
    expect(b.status).toBe(200);
    expect(b.xml.responseCode).toBe("OBJECT_NOT_FOUND");
  });

  it("returns summaries without verbose and full objects with it", async () => {
    const emu = await startQualys();
    await createWebApp(emu, "shop", "https://shop.example.com", `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile><tags><set><Tag><id>5001</id></Tag></set></tags>`);
    const plain = (await emu.post(SEARCH, req(""))).xml.data.WebApp;
    expect(Object.keys(plain)).toEqual(["id", "name", "url", "owner", "tags", "createdDate", "updatedDate"]);
    expect(plain.tags).toEqual({ count: "1" });
    const full = (await emu.post(SEARCH, req("<preferences><verbose>true</verbose></preferences>"))).xml.data.WebApp;
    expect(full.defaultProfile.id).toBe(String(PROFILE_ID));
    expect(full.tags.list.Tag.name).toBe("prod");
  });

  it("answers an empty search with count 0 and no data element", async () => {
    const emu = await startQualys();
    const a = await emu.post(SEARCH, req(filters(criteria("name", "EQUALS", "nothing"))));
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.count).toBe("0");
    expect(a.xml.hasMoreRecords).toBe("false");
    expect(a.xml.data).toBeUndefined();
    expect(a.body).not.toContain("<data");
  });

  it("pages with limitResults, hasMoreRecords and lastId, and id GREATER lastId reaches every record once", async () => {
    const emu = await startQualys();
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await createWebApp(emu, `app-${i}`));
    const seen: number[] = [];
    let lastId: string | undefined;
    let calls = 0;
    for (;;) {
      calls += 1;
      const f = lastId === undefined ? "" : filters(criteria("id", "GREATER", lastId));
      const a = await emu.post(SEARCH, req(`<preferences><limitResults>2</limitResults></preferences>${f}`));
      seen.push(...items(a.xml.data?.WebApp).map((w) => Number(w.id)));
      if (a.xml.hasMoreRecords !== "true") {
        expect(a.xml.lastId).toBeUndefined();
        break;
      }
      lastId = a.xml.lastId;
    }
    expect(seen).toEqual(ids);
    expect(calls).toBe(3);
  });

  it("pages by startFromOffset, 1-based", async () => {
    const emu = await startQualys();
    for (let i = 0; i < 3; i += 1) await createWebApp(emu, `app-${i}`);
    const a = await emu.post(SEARCH, req("<preferences><limitResults>1</limitResults><startFromOffset>2</startFromOffset></preferences>"));
    expect(a.xml.data.WebApp.name).toBe("app-1");
    expect(a.xml.hasMoreRecords).toBe("true");
  });

  it.each([["1001"], ["0"]])("refuses limitResults %s as INVALID_REQUEST", async (n) => {
    const emu = await startQualys();
    const a = await emu.post(SEARCH, req(`<preferences><limitResults>${n}</limitResults></preferences>`));
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("accepts limitResults 1000", async () => {
    const emu = await startQualys();
    expect((await emu.post(SEARCH, req("<preferences><limitResults>1000</limitResults></preferences>"))).xml.responseCode).toBe("SUCCESS");
  });

  it("filters with each documented operator", async () => {
    const emu = await startQualys();
    const a = await createWebApp(emu, "alpha", "https://alpha.example.com", "<tags><set><Tag><id>5001</id></Tag></set></tags>");
    const b = await createWebApp(emu, "beta", "https://beta.example.com");
    const c = await createWebApp(emu, "gamma", "https://gamma.example.org");
    const names = async (...c2: string[]): Promise<string[]> => items((await emu.post(SEARCH, req(filters(...c2)))).xml.data?.WebApp).map((w) => w.name);
    expect(await names(criteria("name", "EQUALS", "beta"))).toEqual(["beta"]);
    expect(await names(criteria("name", "NOT EQUALS", "beta"))).toEqual(["alpha", "gamma"]);
    expect(await names(criteria("url", "CONTAINS", "example.com"))).toEqual(["alpha", "beta"]);
    expect(await names(criteria("id", "IN", `${a},${c}`))).toEqual(["alpha", "gamma"]);
    expect(await names(criteria("id", "GREATER", String(a)))).toEqual(["beta", "gamma"]);
    expect(await names(criteria("id", "LESSER", String(c)))).toEqual(["alpha", "beta"]);
    expect(await names(criteria("tags", "NONE", ""))).toEqual(["beta", "gamma"]);
    expect(await names(criteria("tags.name", "EQUALS", "prod"))).toEqual(["alpha"]);
    expect(await names(criteria("tags.id", "EQUALS", "5001"))).toEqual(["alpha"]);
    expect(await names(criteria("name", "CONTAINS", "a"), criteria("id", "NOT EQUALS", String(b)))).toEqual(["alpha", "gamma"]);
  });

  it("treats GREATER as strict", async () => {
    const emu = await startQualys();
    const a = await createWebApp(emu, "one");
    const r = await emu.post(SEARCH, req(filters(criteria("id", "GREATER", String(a)))));
    expect(r.xml.count).toBe("0");
  });

  it("answers a bad Long criteria value with the sheet's INVALID_REQUEST", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/wasscan", req(filters(criteria("webApp.id", "EQUALS", "abc123"))));
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Criteria: Invalid value format for criteria 'webApp.id' (abc123).");
    expect(a.xml.responseErrorDetails.errorResolution).toBe("Specify criteria value(s) as Long.");
  });

  it("answers a bad boolean criteria value with 'Values expected: true, false.'", async () => {
    const emu = await startQualys();
    const a = await emu.post(SEARCH, req(filters(criteria("isScheduled", "EQUALS", "yes"))));
    expect(a.xml.responseErrorDetails.errorResolution).toBe("Values expected: true, false.");
  });

  it("refuses an operator the field type does not take, and an unknown field", async () => {
    const emu = await startQualys();
    expect((await emu.post(SEARCH, req(filters(criteria("id", "CONTAINS", "1"))))).xml.responseCode).toBe("INVALID_REQUEST");
    expect((await emu.post(SEARCH, req(filters(criteria("colour", "EQUALS", "red"))))).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("counts web apps with and without filters", async () => {
    const emu = await startQualys();
    await createWebApp(emu, "a");
    await createWebApp(emu, "b");
    expect((await emu.get("/qps/rest/3.0/count/was/webapp")).xml.count).toBe("2");
    const a = await emu.post("/qps/rest/3.0/count/was/webapp", req(filters(criteria("name", "EQUALS", "a"))));
    expect(a.xml.count).toBe("1");
    expect(a.xml.data).toBeUndefined();
  });

  it("renames a web app with the sheet's update and answers just the id", async () => {
    const emu = await startQualys();
    const id = await createWebApp(emu, "old");
    const a = await emu.post(`/qps/rest/3.0/update/was/webapp/${id}`, "<ServiceRequest><data><WebApp><name>My WebApp Name</name></WebApp></data></ServiceRequest>");
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.data.WebApp).toEqual({ id: String(id) });
    const got = (await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`)).xml.data.WebApp;
    expect(got.name).toBe("My WebApp Name");
    expect(got.url).toBe("https://old.example.com");
  });

  it("replaces tags with set, and adds and removes with add and remove", async () => {
    const emu = await startQualys();
    const id = await createWebApp(emu, "t", undefined, "<tags><set><Tag><id>5001</id></Tag></set></tags>");
    const tagIds = async (): Promise<string[]> => items((await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`)).xml.data.WebApp.tags.list?.Tag).map((t) => t.id);
    await emu.post(`/qps/rest/3.0/update/was/webapp/${id}`, data("<WebApp><tags><set><Tag><id>5002</id></Tag><Tag><id>5003</id></Tag></set></tags></WebApp>"));
    expect(await tagIds()).toEqual(["5002", "5003"]);
    await emu.post(`/qps/rest/3.0/update/was/webapp/${id}`, data("<WebApp><tags><add><Tag><id>5001</id></Tag></add><remove><Tag><id>5002</id></Tag></remove></tags></WebApp>"));
    expect(await tagIds()).toEqual(["5003", "5001"]);
    await emu.post(`/qps/rest/3.0/update/was/webapp/${id}`, data("<WebApp><tags><set></set></tags></WebApp>"));
    expect((await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`)).xml.data.WebApp.tags).toEqual({ count: "0" });
  });

  it("changes nothing when an update is refused", async () => {
    const emu = await startQualys();
    const id = await createWebApp(emu, "keep");
    const a = await emu.post(`/qps/rest/3.0/update/was/webapp/${id}`, data("<WebApp><name>changed</name><url>not a url</url></WebApp>"));
    expect(a.xml.responseCode).toBe("INVALID_REQUEST");
    expect((await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`)).xml.data.WebApp.name).toBe("keep");
  });

  it("answers OBJECT_NOT_FOUND when updating an unknown web app", async () => {
    const emu = await startQualys();
    expect((await emu.post("/qps/rest/3.0/update/was/webapp/999", data("<WebApp><name>x</name></WebApp>"))).xml.responseCode).toBe("OBJECT_NOT_FOUND");
  });

  it("deletes by id with an empty body and answers the id", async () => {
    const emu = await startQualys();
    const id = await createWebApp(emu, "gone");
    const a = await emu.post(`/qps/rest/3.0/delete/was/webapp/${id}`);
    expect(a.xml.data.WebApp).toEqual({ id: String(id) });
    expect((await emu.get(`/qps/rest/3.0/get/was/webapp/${id}`)).xml.responseCode).toBe("OBJECT_NOT_FOUND");
    expect((await emu.post(`/qps/rest/3.0/delete/was/webapp/${id}`)).xml.responseCode).toBe("OBJECT_NOT_FOUND");
  });

  it("deletes by filters and answers one WebApp id per deleted object", async () => {
    const emu = await startQualys();
    await createWebApp(emu, "tmp-1");
    await createWebApp(emu, "tmp-2");
    await createWebApp(emu, "keep");
    const a = await emu.post("/qps/rest/3.0/delete/was/webapp", req(filters(criteria("name", "CONTAINS", "tmp"))));
    expect(items(a.xml.data.WebApp)).toHaveLength(2);
    expect((await emu.get("/qps/rest/3.0/count/was/webapp")).xml.count).toBe("1");
  });

  it("refuses a delete with neither id nor filters", async () => {
    const emu = await startQualys();
    await createWebApp(emu, "safe");
    expect((await emu.post("/qps/rest/3.0/delete/was/webapp")).xml.responseCode).toBe("INVALID_REQUEST");
    expect((await emu.get("/qps/rest/3.0/count/was/webapp")).xml.count).toBe("1");
  });
});
