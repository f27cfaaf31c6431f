import { describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { MAX_ANSWER_REFERENCES } from "../../../src/vendors/qualys/api.js";
import { createQualysClient } from "../../../src/vendors/qualys/client.js";
import { referencesIn } from "../../../src/vendors/qualys/xml.js";
import { MAX_TAG_ATTRIBUTES } from "../../../src/vendors/qualys/xml-read.js";
import { failure } from "./helpers.js";

/** Well-formed XML whose one name is ~2 MB of `&#65;`: cheap to hold, costly to parse (issue 11). */
const bomb = "&#65;".repeat(400_000);
const searchPage = `<?xml version="1.0" encoding="UTF-8"?>\n<ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>true</hasMoreRecords><lastId>1</lastId><data><WebApp><id>1</id><name>${bomb}</name></WebApp></data></ServiceResponse>`;
const createAnswer = `<ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><data><WebApp><id>1</id><name>${bomb}</name></WebApp></data></ServiceResponse>`;

/** Answers every request with `body`, recording the operations asked for. */
function answering(body: string): { operations: string[]; http: { request(r: HttpRequest): Promise<HttpResponse> } } {
  const operations: string[] = [];
  return { operations, http: { request: async (r) => (operations.push(r.operation), { status: 200, headers: {}, body }) } };
}

const clientOf = (http: { request(r: HttpRequest): Promise<HttpResponse> }) => createQualysClient(http, { version: "0", redact: (x) => x });

describe("qualys client: answers too costly to parse", () => {
  it("refuses a search page with more character references than the limit, naming it, and asks for no next page", async () => {
    const { operations, http } = answering(searchPage);
    const e = await failure(clientOf(http).searchAll("webApp", [], { address: "qualys.webApp.a" }));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", detail: { operation: "qualys.search.WebApp", address: "qualys.webApp.a", limit: MAX_ANSWER_REFERENCES } });
    expect(e.message).toContain("more than 200,000 character or entity references");
    expect(e.message).toContain("refused before parsing");
    expect(operations).toEqual(["qualys.search.WebApp"]);
  });

  it("refuses a create's answer with more character references than the limit as VENDOR_BAD_ANSWER", async () => {
    const { operations, http } = answering(createAnswer);
    const e = await failure(clientOf(http).call("create", "webApp", { body: { data: { WebApp: { name: "a" } } }, idempotent: false, address: "qualys.webApp.a" }));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", detail: { operation: "qualys.create.WebApp" } });
    expect(operations).toEqual(["qualys.create.WebApp"]);
  });

  it("counts references only as far as the limit needs", () => {
    expect(referencesIn("a &amp; b &#65; c", 10)).toBe(2);
    expect(referencesIn("&".repeat(1000), 3)).toBe(4);
  });
});

/** A 1.5 MB answer whose one start tag carries 150,000 attributes (each checked against all before it, once: 25 s). */
const manyAttributes = (n: number, data = ""): string =>
  `<?xml version="1.0"?><ServiceResponse><responseCode${Array.from({ length: n }, (_, i) => ` a${i}=""`).join("")}>SUCCESS</responseCode><count>1</count><hasMoreRecords>false</hasMoreRecords><data>${data}</data></ServiceResponse>`;

describe("qualys client: tags with more attributes than any answer carries", () => {
  it("refuses the credential check's answer as VENDOR_BAD_ANSWER, naming the limit", async () => {
    const { http } = answering(manyAttributes(150_000));
    const e = await failure(clientOf(http).portalVersion());
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", detail: { operation: "qualys.portalVersion", limit: MAX_TAG_ATTRIBUTES } });
    expect(e.message).toContain(`more than ${MAX_TAG_ATTRIBUTES} attributes on one tag`);
  });

  it.each([
    ["a search page", (c: ReturnType<typeof clientOf>) => c.searchAll("webApp", [], { address: "qualys.webApp.a" }), "qualys.search.WebApp"],
    ["a decoded search page", (c: ReturnType<typeof clientOf>) => c.searchObjects("webApp", [], { address: "qualys.webApp.a" }), "qualys.search.WebApp"],
    ["a create's answer", (c: ReturnType<typeof clientOf>) => c.call("create", "webApp", { body: { data: { WebApp: { name: "a" } } }, idempotent: false, address: "qualys.webApp.a" }), "qualys.create.WebApp"],
  ])("refuses %s as VENDOR_BAD_ANSWER", async (_what, act, operation) => {
    const { operations, http } = answering(manyAttributes(MAX_TAG_ATTRIBUTES + 1, "<WebApp><id>1</id><name>a</name></WebApp>"));
    const e = await failure(act(clientOf(http)));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER", detail: { operation, address: "qualys.webApp.a", limit: MAX_TAG_ATTRIBUTES } });
    expect(operations).toEqual([operation]);
  });

  it("reads an answer whose tags carry a few attributes, as Qualys' namespace declarations do", async () => {
    const body = `<?xml version="1.0"?><ServiceResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="x.xsd"><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>false</hasMoreRecords><data><WebApp><id>1</id><name>a</name></WebApp></data></ServiceResponse>`;
    const { http } = answering(body);
    expect(await clientOf(http).searchAll("webApp", [])).toEqual([{ id: "1", name: "a" }]);
  });
});

