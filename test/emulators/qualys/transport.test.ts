import { describe, expect, it } from "vitest";
import { criteria, data, filters, req, startQualys } from "./helpers.js";

describe("qualys emulator: auth, verbs and envelopes", () => {
  it("answers wrong Basic credentials with 401 and INVALID_CREDENTIALS", async () => {
    const emu = await startQualys();
    const a = await emu.call("POST", "/qps/rest/3.0/search/was/webapp", req(""), { auth: `Basic ${Buffer.from("x:y").toString("base64")}` });
    expect(a.status).toBe(401);
    expect(a.headers["www-authenticate"]).toContain("Basic");
    expect(a.xml.responseCode).toBe("INVALID_CREDENTIALS");
  });

  it("answers a missing Authorization header with 401", async () => {
    const emu = await startQualys();
    expect((await emu.call("GET", "/qps/rest/3.0/count/was/webapp", undefined, { auth: null })).status).toBe(401);
  });

  it("answers bad credentials on portal/version with HTTP 200 and INVALID_CREDENTIALS (recorded shape)", async () => {
    const emu = await startQualys();
    const a = await emu.call("GET", "/qps/rest/portal/version", undefined, { auth: "Basic Zm9vOmJhcg==" });
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("INVALID_CREDENTIALS");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Authentication failed");
    expect(a.xml.responseErrorDetails.errorResolution).toBe("Verify both, user and password credentials.");
  });

  it("serves portal/version with good credentials", async () => {
    const emu = await startQualys();
    const a = await emu.get("/qps/rest/portal/version");
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.data["Portal-Version"]["WAS-VERSION"]).toBeDefined();
  });

  it("accepts the credentials it advertises in env", async () => {
    const emu = await startQualys({ username: "alice", password: "s3cret" });
    expect(emu.running.env.QUALYS_USERNAME).toBe("alice");
    expect(emu.running.env.QUALYS_PASSWORD).toBe("s3cret");
    expect((await emu.get("/qps/rest/3.0/count/was/webapp")).xml.responseCode).toBe("SUCCESS");
  });

  it("names the XSD of the object in every response", async () => {
    const emu = await startQualys();
    const a = await emu.get("/qps/rest/3.0/count/was/webapp");
    expect(a.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(a.xml["@_xsi:noNamespaceSchemaLocation"]).toMatch(/\/qps\/xsd\/3\.0\/was\/webapp\.xsd$/);
    expect(a.headers["content-type"]).toContain("application/xml");
  });

  it("answers an unknown path with 404", async () => {
    const emu = await startQualys();
    expect((await emu.post("/qps/rest/3.0/search/was/nothing", req(""))).status).toBe(404);
    expect((await emu.post("/qps/rest/3.0/get/was/webapp", req(""))).status).toBe(404);
  });

  it("refuses POST on a GET-only route with 405", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/status/was/wasscan/1");
    expect(a.status).toBe(405);
    expect(a.headers.allow).toBe("GET");
  });

  it("refuses a POST without an XML content type with 415", async () => {
    const emu = await startQualys();
    expect((await emu.call("POST", "/qps/rest/3.0/delete/was/webapp/1", undefined, { contentType: null })).status).toBe(415);
    expect((await emu.call("POST", "/qps/rest/3.0/search/was/webapp", "{}", { contentType: "application/json" })).status).toBe(415);
  });

  it("tolerates a trailing slash after the object", async () => {
    const emu = await startQualys();
    expect((await emu.post("/qps/rest/3.0/search/was/webapp/", req(""))).xml.responseCode).toBe("SUCCESS");
  });

  it("answers a malformed body with INVALID_XML on HTTP 200", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/webapp", "<ServiceRequest><filters></ServiceRequest>");
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("INVALID_XML");
  });

  it("refuses a DOCTYPE, so no entity is ever expanded", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/webapp", '<!DOCTYPE x [<!ENTITY e "boom">]><ServiceRequest><filters><Criteria field="name" operator="EQUALS">&e;</Criteria></filters></ServiceRequest>');
    expect(a.xml.responseCode).toBe("INVALID_XML");
    expect(a.xml.responseErrorDetails.errorMessage).toContain("DOCTYPE");
  });

  it("refuses an undeclared entity", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/webapp", req(filters(criteria("name", "EQUALS", "&nbsp;"))));
    expect(a.xml.responseCode).toBe("INVALID_XML");
  });

  it("answers verbose on a wasscan search with the sheet's INVALID_XML message", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/wasscan", req("<preferences><limitResults>10</limitResults><verbose>true</verbose></preferences>"));
    expect(a.xml.responseCode).toBe("INVALID_XML");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Invalid content was found starting with element 'verbose'.");
  });

  it("answers elements out of XSD order with INVALID_XML naming the first misplaced element", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data("<WebApp><url>https://a.example.com</url><name>a</name></WebApp>"));
    expect(a.xml.responseCode).toBe("INVALID_XML");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Invalid content was found starting with element 'name'.");
  });

  it("answers an unknown element with INVALID_XML", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data("<WebApp><name>a</name><colour>red</colour></WebApp>"));
    expect(a.xml.responseErrorDetails.errorMessage).toBe("Invalid content was found starting with element 'colour'.");
  });

  it("answers a repeated element that may appear once with INVALID_XML", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data("<WebApp><name>a</name><name>b</name></WebApp>"));
    expect(a.xml.responseCode).toBe("INVALID_XML");
  });

  it("answers a non-numeric id element with INVALID_XML", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/create/was/webapp", data("<WebApp><name>a</name><url>https://a.example.com</url><defaultProfile><id>abc</id></defaultProfile></WebApp>"));
    expect(a.xml.responseCode).toBe("INVALID_XML");
    expect(a.xml.responseErrorDetails.errorMessage).toContain("'abc'");
  });

  it("answers an operator spelled with an underscore with INVALID_XML", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/3.0/search/was/webapp", req(filters(criteria("name", "NOT_EQUALS", "x"))));
    expect(a.xml.responseCode).toBe("INVALID_XML");
  });

  it("accepts preferences and filters in either order", async () => {
    const emu = await startQualys();
    const prefs = "<preferences><limitResults>5</limitResults></preferences>";
    const f = filters(criteria("name", "CONTAINS", "x"));
    expect((await emu.post("/qps/rest/3.0/search/was/webapp", req(prefs + f))).xml.responseCode).toBe("SUCCESS");
    expect((await emu.post("/qps/rest/3.0/search/was/webapp", req(f + prefs))).xml.responseCode).toBe("SUCCESS");
  });

  it("answers a non-numeric id in the path with INVALID_REQUEST", async () => {
    const emu = await startQualys();
    expect((await emu.get("/qps/rest/3.0/get/was/webapp/abc")).xml.responseCode).toBe("INVALID_REQUEST");
  });

  it("answers every call with UNAUTHORIZED when the user lacks API access", async () => {
    const emu = await startQualys({ apiAccess: false });
    const a = await emu.get("/qps/rest/3.0/count/was/webapp");
    expect(a.status).toBe(200);
    expect(a.xml.responseCode).toBe("UNAUTHORIZED");
    expect(a.xml.responseErrorDetails.errorMessage).toBe("You are not authorized to access the application through the API.");
  });

  it("answers an injected server error with the status and a non-XML body", async () => {
    const emu = await startQualys();
    emu.running.emulators.qualys!.setControls({ faults: { serverError: 1 } });
    const a = await emu.get("/qps/rest/3.0/count/was/webapp");
    expect(a.status).toBeGreaterThanOrEqual(500);
    expect(a.xml).toBeUndefined();
  });
});
