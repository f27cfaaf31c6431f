import { describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import { createQualysClient } from "../../../src/vendors/qualys/client.js";
import { parseXml } from "../../../src/vendors/qualys/xml.js";
import type { XmlReader } from "../../../src/vendors/qualys/xml-thread.js";
import { failure } from "./helpers.js";

/** A page as Qualys writes it; `lastId` only while there are more records (§2.2). */
function page(ids: readonly number[], more: boolean, lastId: number | undefined = more ? ids.at(-1) : undefined): string {
  const head = `<responseCode>SUCCESS</responseCode><count>${ids.length}</count><hasMoreRecords>${more}</hasMoreRecords>${lastId === undefined ? "" : `<lastId>${lastId}</lastId>`}`;
  const data = ids.length === 0 ? "" : `<data>${ids.map((id) => `<WebApp><id>${id}</id><name><![CDATA[app-${id}]]></name></WebApp>`).join("")}</data>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ServiceResponse>${head}${data}</ServiceResponse>`;
}

/** The cursor a search body asks from: `id GREATER n`, or undefined for the first page. */
const cursorOf = (r: HttpRequest): string | undefined => /operator="GREATER">(\d+)</.exec(r.body ?? "")?.[1];

interface Seen {
  readonly cursor: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Answers each search from `pages` by its cursor, recording what was asked and when. */
function fakeHttp(pages: Readonly<Record<string, string>>, events: string[] = []): { seen: Seen[]; http: { request(r: HttpRequest): Promise<HttpResponse> } } {
  const seen: Seen[] = [];
  return {
    seen,
    http: {
      request: async (r) => {
        const cursor = cursorOf(r);
        seen.push({ cursor, signal: r.signal });
        events.push(`request ${cursor ?? "first"}`);
        const body = pages[cursor ?? "first"];
        if (body === undefined) throw new Error(`no page after ${cursor}`);
        return { status: 200, headers: {}, body };
      },
    },
  };
}

const clientOf = (http: { request(r: HttpRequest): Promise<HttpResponse> }) => createQualysClient(http, { version: "0", redact: (x) => x });

describe("qualys client: paged search", () => {
  it("reads every page in order, each asked for after the previous lastId", async () => {
    const { seen, http } = fakeHttp({ first: page([1, 2], true), "2": page([3, 4], true), "4": page([5], false) });
    const items = await clientOf(http).searchAll("webApp", []);
    expect(items.map((x) => x["id"])).toEqual(["1", "2", "3", "4", "5"]);
    expect(seen.map((s) => s.cursor)).toEqual([undefined, "2", "4"]);
  });

  it("asks for the next page before the previous page is fully read", async () => {
    const events: string[] = [];
    const broken = page([1, 2], true).replace("</WebApp><WebApp>", "</WebApp><Oops>");
    const { seen, http } = fakeHttp({ first: broken, "2": page([3], false) }, events);
    const e = await failure(clientOf(http).searchAll("webApp", []));
    // The head of page 1 named cursor 2, so page 2 was asked for; the full read then refused page 1.
    expect(events).toEqual(["request first", "request 2"]);
    expect(e.message).toContain("the answer was not a Qualys ServiceResponse");
    expect(seen[1]?.signal?.aborted).toBe(true);
  });

  it("stops at a page that says there are more records but holds none", async () => {
    const { seen, http } = fakeHttp({ first: page([1], true), "1": page([], true, 9) });
    const items = await clientOf(http).searchAll("webApp", []);
    expect(items.map((x) => x["id"])).toEqual(["1"]);
    expect(seen.map((s) => s.cursor)).toEqual([undefined, "1"]);
  });

  it("refuses a page whose ids do not move past the previous page, rather than return a partial list", async () => {
    const { seen, http } = fakeHttp({ first: page([1, 2], true), "2": page([2], true, 2) });
    const e = await failure(clientOf(http).searchAll("webApp", []));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER" });
    expect(e.message).toContain("id 2 does not come after 2");
    expect(seen.map((s) => s.cursor)).toEqual([undefined, "2"]);
  });

  it("stops an endless paging at the page cap with a clear error", async () => {
    const seen: string[] = [];
    const http = {
      request: async (r: HttpRequest): Promise<HttpResponse> => {
        const after = Number(cursorOf(r) ?? "0");
        seen.push(String(after));
        return { status: 200, headers: {}, body: page([after + 1], true) };
      },
    };
    const e = await failure(createQualysClient(http, { version: "0", redact: (x) => x, maxPages: 5 }).searchAll("webApp", []));
    expect(e).toMatchObject({ code: "VENDOR_TOO_MANY_PAGES", detail: { pages: 5 } });
    expect(e.message).toContain("more than 5 pages");
    expect(seen.length).toBeLessThanOrEqual(6);
  });

  it("pages from the last object's id when a page with more records has no lastId", async () => {
    const { seen, http } = fakeHttp({ first: page([1, 7], true).replace("<lastId>7</lastId>", ""), "7": page([8], false) });
    const items = await clientOf(http).searchAll("webApp", []);
    expect(items.map((x) => x["id"])).toEqual(["1", "7", "8"]);
    expect(seen.map((s) => s.cursor)).toEqual([undefined, "7"]);
  });

  it("reads web apps decoded, page by page, with the same paging as searchAll", async () => {
    const { seen, http } = fakeHttp({ first: page([1, 2], true), "2": page([3, 4], true), "4": page([5], false) });
    const apps = await clientOf(http).searchObjects("webApp", []);
    expect(apps.map((a) => [a.id, a.name])).toEqual([["1", "app-1"], ["2", "app-2"], ["3", "app-3"], ["4", "app-4"], ["5", "app-5"]]);
    expect(seen.map((s) => s.cursor)).toEqual([undefined, "2", "4"]);
  });

  it("refuses a decoded page whose ids do not move past the previous page", async () => {
    const { http } = fakeHttp({ first: page([1, 2], true), "2": page([2], true, 2) });
    const e = await failure(clientOf(http).searchObjects("webApp", []));
    expect(e).toMatchObject({ code: "VENDOR_BAD_ANSWER" });
    expect(e.message).toContain("id 2 does not come after 2");
  });

  it("says it will send nothing more as soon as the last page answers, while earlier pages are still being read", async () => {
    const events: string[] = [];
    const { http } = fakeHttp({ first: page([1, 2], true), "2": page([3], false) }, events);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const readXml: XmlReader = async (text, root) => {
      events.push("read a page");
      await held;
      return parseXml(text, root);
    };
    const search = createQualysClient(http, { version: "0", redact: (x) => x, readXml }).searchAll("webApp", [], { onLastAnswer: () => events.push("last answered") });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["request first", "request 2", "read a page", "last answered"]);
    release();
    expect((await search).map((x) => x["id"])).toEqual(["1", "2", "3"]);
    expect(events.filter((e) => e === "last answered")).toHaveLength(1);
  });
});
