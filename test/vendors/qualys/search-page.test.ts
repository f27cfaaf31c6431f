import { describe, expect, it } from "vitest";
import { decodeSchedule, decodeWebApp } from "../../../src/vendors/qualys/api.js";
import { readSearchPage } from "../../../src/vendors/qualys/search-page.js";
import { parseXml, recordOf, recordsOf } from "../../../src/vendors/qualys/xml.js";

const R = "ServiceResponse";
const head = "<responseCode>SUCCESS</responseCode><count>2</count><hasMoreRecords>true</hasMoreRecords><lastId>9</lastId>";
const webApps = `<${R}>${head}<data><WebApp><id>4</id><name>shop</name><url>https://shop.example/</url><tags><count>1</count><list><Tag><id>7</id><name>prod</name></Tag></list></tags></WebApp><WebApp><name>no id</name></WebApp></data></${R}>`;
const schedules = `<${R}>${head}<data><WasScanSchedule><id>9</id><name>nightly</name><active>true</active><target><webApp><id>4</id></webApp></target></WasScanSchedule></data></${R}>`;

describe("qualys: a search page read whole", () => {
  it("decodes each web app as decodeWebApp does", () => {
    const items = recordsOf(recordOf(parseXml(webApps, R), "data"), "WebApp");
    expect(readSearchPage(webApps, "webApp").objects).toEqual(items.map(decodeWebApp));
  });

  it("decodes each schedule as decodeSchedule does", () => {
    const items = recordsOf(recordOf(parseXml(schedules, R), "data"), "WasScanSchedule");
    expect(readSearchPage(schedules, "schedule").objects).toEqual(items.map(decodeSchedule));
  });

  it("keeps each object's id text as the page holds it, undefined where it has none", () => {
    expect(readSearchPage(webApps, "webApp").ids).toEqual(["4", undefined]);
  });

  it("keeps the envelope's paging and success, without the objects' tree", () => {
    expect(readSearchPage(webApps, "webApp").root).toEqual({ responseCode: "SUCCESS", count: "2", hasMoreRecords: "true", lastId: "9" });
  });

  it("reads a refusal's envelope, with no objects", () => {
    const refused = `<${R}><responseCode>INVALID_REQUEST</responseCode><responseErrorDetails><errorMessage>bad</errorMessage></responseErrorDetails></${R}>`;
    expect(readSearchPage(refused, "webApp")).toEqual({ root: { responseCode: "INVALID_REQUEST", responseErrorDetails: { errorMessage: "bad" } }, ids: [], objects: [] });
  });

  it("gives no envelope for a body that is not a ServiceResponse", () => {
    expect(readSearchPage("<html>busy</html>", "webApp")).toEqual({ root: undefined, ids: [], objects: [] });
  });
});
