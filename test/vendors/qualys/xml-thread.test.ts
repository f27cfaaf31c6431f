import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseXml } from "../../../src/vendors/qualys/xml.js";
import { readSearchPage } from "../../../src/vendors/qualys/search-page.js";
import { MAX_TAG_ATTRIBUTES } from "../../../src/vendors/qualys/xml-read.js";
import { OFF_THREAD_BYTES, readSearchPageOffThread, readXml, xmlThreadRunning } from "../../../src/vendors/qualys/xml-thread.js";

const R = "ServiceResponse";
const page = (objects: number): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${R}><responseCode>SUCCESS</responseCode><count>${objects}</count><data>${Array.from(
    { length: objects },
    (_, i) => `<WebApp><id>${i + 1}</id><name><![CDATA[app &amp; ${i}]]></name><url>https://a${i}.example.com/?a=1&amp;b=2</url><tags><list><Tag><id>7</id></Tag></list></tags></WebApp>`,
  ).join("")}</data></${R}>`;

describe("reading large Qualys answers off the main thread", () => {
  it("reads a page above the threshold to the same tree as parseXml", async () => {
    const text = page(2000);
    expect(text.length).toBeGreaterThan(OFF_THREAD_BYTES);
    expect(await readXml(text, R)).toEqual(parseXml(text, R));
    expect(xmlThreadRunning()).toBe(true);
  });

  it("refuses a large malformed page as parseXml does", async () => {
    const text = page(2000).slice(0, -30);
    expect(text.length).toBeGreaterThan(OFF_THREAD_BYTES);
    expect(await readXml(text, R)).toBeUndefined();
  });

  it("refuses a large page with a tag past the attribute limit, as parseXml does in place", async () => {
    const text = page(2000).replace("<count>", `<count${Array.from({ length: MAX_TAG_ATTRIBUTES + 1 }, (_, i) => ` a${i}="1"`).join("")}>`);
    expect(text.length).toBeGreaterThan(OFF_THREAD_BYTES);
    await expect(readXml(text, R)).rejects.toMatchObject({ name: "TooManyAttributes", limit: MAX_TAG_ATTRIBUTES });
    await expect(readSearchPageOffThread(text, "webApp")).rejects.toMatchObject({ name: "TooManyAttributes", limit: MAX_TAG_ATTRIBUTES });
  });

  it("reads several pages at once, each to its own tree", async () => {
    const texts = [page(1500), page(1600), page(1700)];
    const trees = await Promise.all(texts.map((t) => readXml(t, R)));
    expect(trees.map((t) => (t?.["count"] as string | undefined) ?? "")).toEqual(["1500", "1600", "1700"]);
  });

  it("does not hold the process open once started, used or not", async () => {
    const module = fileURLToPath(new URL("../../../src/vendors/qualys/xml-thread.ts", import.meta.url));
    const script = `const m = await import(${JSON.stringify(module)}); m.warmXmlThread(); console.log("started");`;
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 15_000 });
    expect(run.stdout).toBe("started\n");
  });

  it("reads and decodes a large search page to what readSearchPage gives in place", async () => {
    const text = page(2000);
    const off = await readSearchPageOffThread(text, "webApp");
    expect(off).toEqual(readSearchPage(text, "webApp"));
    expect(off.objects).toHaveLength(2000);
    expect(off.objects[0]).toMatchObject({ id: "1", name: "app &amp; 0", url: "https://a0.example.com/?a=1&b=2", tags: [{ id: "7", name: "" }] });
    expect(off.root).not.toHaveProperty("data");
  });

  it("hands over every value decode gives, a schedule's unreadable day count (NaN) and absent fields included", async () => {
    const schedule = (i: number) =>
      `<WasScanSchedule><id>${i + 1}</id><name>nightly ${i}</name><scheduling><occurrenceType>DAILY</occurrenceType><occurrence><dailyOccurrence><everyNDays>x</everyNDays></dailyOccurrence></occurrence></scheduling></WasScanSchedule>`;
    const text = `<${R}><responseCode>SUCCESS</responseCode><data>${Array.from({ length: 2000 }, (_, i) => schedule(i)).join("")}</data></${R}>`;
    expect(text.length).toBeGreaterThan(OFF_THREAD_BYTES);
    const off = await readSearchPageOffThread(text, "schedule");
    expect(off.objects[0]?.everyN).toBeNaN();
    expect(off).toEqual(readSearchPage(text, "schedule"));
  });

  it("refuses a large malformed search page as readSearchPage does: no envelope, no objects", async () => {
    const text = page(2000).slice(0, -30);
    expect(await readSearchPageOffThread(text, "webApp")).toEqual({ root: undefined, ids: [], objects: [] });
  });

  it("reads a small search page in place, decoded as readSearchPage does", async () => {
    const text = page(3);
    expect(text.length).toBeLessThan(OFF_THREAD_BYTES);
    expect(await readSearchPageOffThread(text, "webApp")).toEqual(readSearchPage(text, "webApp"));
  });

  it("reads a small answer in place", async () => {
    expect(await readXml(`<${R}><a>1</a></${R}>`, R)).toEqual({ a: "1" });
  });
});
