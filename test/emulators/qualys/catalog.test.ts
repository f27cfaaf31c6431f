import { describe, expect, it } from "vitest";
import { PROFILE_ID, createWebApp, criteria, filters, items, req, startQualys } from "./helpers.js";

describe("qualys emulator: AM tags and option profiles", () => {
  it("finds a tag by name with the sheet's v2.0 search", async () => {
    const emu = await startQualys();
    const a = await emu.post("/qps/rest/2.0/search/am/tag", '<ServiceRequest><filters><Criteria field="name" operator="EQUALS">pci</Criteria></filters></ServiceRequest>');
    expect(a.xml.responseCode).toBe("SUCCESS");
    expect(a.xml.data.Tag.name).toBe("pci");
    expect(a.xml["@_xsi:noNamespaceSchemaLocation"]).toMatch(/2\.0\/am\/tag\.xsd$/);
  });

  it("ships prod, pci and staging, plus the tags given as options", async () => {
    const emu = await startQualys({ tags: ["WAS-managed"] });
    const a = await emu.post("/qps/rest/2.0/search/am/tag", req(""));
    expect(items(a.xml.data.Tag).map((t) => t.name)).toEqual(["prod", "pci", "staging", "WAS-managed"]);
  });

  it("is not served under the 3.0 WAS path", async () => {
    const emu = await startQualys();
    expect((await emu.post("/qps/rest/3.0/search/was/tag", req(""))).status).toBe(404);
  });

  it("resolves Initial WAS Options by name with the sheet's search", async () => {
    const emu = await startQualys();
    const a = await emu.post(
      "/qps/rest/3.0/search/was/optionprofile",
      '<ServiceRequest><filters><Criteria field="name" operator="EQUALS">Initial WAS Options</Criteria></filters></ServiceRequest>',
    );
    expect(a.xml.data.OptionProfile.id).toBe(String(PROFILE_ID));
    expect(a.xml.data.OptionProfile.name).toBe("Initial WAS Options");
  });

  it("ships extra option profiles given as options", async () => {
    const emu = await startQualys({ profiles: ["Deep scan"] });
    const a = await emu.post("/qps/rest/3.0/search/was/optionprofile", req(filters(criteria("name", "CONTAINS", "deep"))));
    expect(a.xml.data.OptionProfile.name).toBe("Deep scan");
  });

  it("knows which profiles web apps use", async () => {
    const emu = await startQualys({ profiles: ["Unused"] });
    await createWebApp(emu, "w", undefined, `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile>`);
    const a = await emu.post("/qps/rest/3.0/search/was/optionprofile", req(filters(criteria("usedByWebApps", "EQUALS", "true"))));
    expect(items(a.xml.data.OptionProfile).map((p) => p.name)).toEqual(["Initial WAS Options"]);
  });

  it("counts and gets option profiles", async () => {
    const emu = await startQualys();
    expect((await emu.get("/qps/rest/3.0/count/was/optionprofile")).xml.count).toBe("1");
    expect((await emu.get(`/qps/rest/3.0/get/was/optionprofile/${PROFILE_ID}`)).xml.data.OptionProfile.isDefault).toBe("true");
    expect((await emu.get("/qps/rest/3.0/get/was/optionprofile/1")).xml.responseCode).toBe("OBJECT_NOT_FOUND");
  });
});
