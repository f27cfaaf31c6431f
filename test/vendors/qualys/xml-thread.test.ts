import { describe, expect, it } from "vitest";
import { parseXml } from "../../../src/vendors/qualys/xml.js";
import { OFF_THREAD_BYTES, readXml, xmlThreadRunning } from "../../../src/vendors/qualys/xml-thread.js";

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

  it("reads several pages at once, each to its own tree", async () => {
    const texts = [page(1500), page(1600), page(1700)];
    const trees = await Promise.all(texts.map((t) => readXml(t, R)));
    expect(trees.map((t) => (t?.["count"] as string | undefined) ?? "")).toEqual(["1500", "1600", "1700"]);
  });

  it("reads a small answer in place", async () => {
    expect(await readXml(`<${R}><a>1</a></${R}>`, R)).toEqual({ a: "1" });
  });
});
