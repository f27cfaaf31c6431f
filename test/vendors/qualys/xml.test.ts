import { describe, expect, it } from "vitest";
import { parseXml } from "../../../src/vendors/qualys/xml.js";
import { MAX_ANSWER_DEPTH, MAX_TAG_ATTRIBUTES, TooManyAttributes } from "../../../src/vendors/qualys/xml-read.js";

const R = "ServiceResponse";
const doc = (inner: string): string => `<${R}>${inner}</${R}>`;

describe("reading a Qualys answer", () => {
  it("reads elements as strings, records and arrays of repeated names, in order", () => {
    const got = parseXml(doc("<count>2</count><data><Tag><id>1</id></Tag><Other/><Tag><id>2</id></Tag></data>"), R);
    expect(got).toEqual({ count: "2", data: { Tag: [{ id: "1" }, { id: "2" }], Other: "" } });
  });

  it("keeps CDATA exactly and trims character data", () => {
    expect(parseXml(doc("<a><![CDATA[  x & <y>  ]]></a><b>\n  z  \n</b>"), R)).toEqual({ a: "  x & <y>  ", b: "z" });
  });

  it("decodes the predefined entities and character references only", () => {
    expect(parseXml(doc("<a>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&foo;</a>"), R)).toEqual({ a: `<&>"'AB&foo;` });
  });

  it("leaves an entity named like what every object inherits as written", () => {
    expect(parseXml(doc("<a>&constructor;&toString;</a>"), R)).toEqual({ a: "&constructor;&toString;" });
  });

  it("skips a DOCTYPE without expanding its entities", () => {
    expect(parseXml(`<!DOCTYPE ${R} [<!ENTITY e "boom">]>${doc("<a>&e;</a>")}`, R)).toEqual({ a: "&e;" });
  });

  it("accepts a declaration, a BOM, comments, processing instructions and attributes", () => {
    const text = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<${R} xmlns:xsi="x" a='1'><!-- c --><?pi x?><a\n b="2" >1</a ></${R}>\n<!-- after -->`;
    expect(parseXml(text, R)).toEqual({ a: "1" });
  });

  it("gives an empty record for a root without children", () => {
    expect(parseXml(`<${R}/>`, R)).toEqual({});
    expect(parseXml(doc("text"), R)).toEqual({});
  });

  it("refuses an element named __proto__ instead of letting it reach an object's prototype", () => {
    expect(parseXml(doc("<__proto__>1</__proto__>"), R)).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("reads an element named like what every object inherits as its own", () => {
    expect(parseXml(doc("<constructor>1</constructor><toString>2</toString><toString>3</toString>"), R)).toEqual({ constructor: "1", toString: ["2", "3"] });
  });

  it.each([
    ["another root element", "<html><body>502 Bad Gateway</body></html>"],
    ["plain text", "Service Unavailable"],
    ["an empty body", ""],
    ["a body truncated inside an element", doc("<data><WebApp><id>1</id></WebApp><WebApp><id>2").slice(0, -18)],
    ["a body truncated after a complete child", `<${R}><count>1</count>`],
    ["a mismatched closing tag", `<${R}><a>1</b></${R}>`],
    ["a closing tag that only starts with the open name", `<${R}><a>1</ab></${R}>`],
    ["a closing tag with no element open", `<${R}/></a>`],
    ["a second root element", `${doc("")}<${R}/>`],
    ["text after the root", `${doc("")}junk`],
    ["text before the root", `junk${doc("")}`],
    ["an unclosed CDATA section", doc("<a><![CDATA[x</a>")],
    ["an unclosed comment", doc("<!-- x")],
    ["a bare ampersand", doc("<a>x & y</a>")],
    ["an unquoted attribute", doc("<a b=c>x</a>")],
    ["a repeated attribute", doc('<a b="1" b="2">x</a>')],
    ["a bad element name", doc("<1a>x</1a>")],
    ["a DOCTYPE inside the root", doc("<!DOCTYPE x><a>1</a>")],
    ["a space before the element name", doc("< a>1</a>")],
    ["attributes with no space between them", doc('<a b="1"c="2">x</a>')],
  ])("refuses %s", (_what, text) => {
    expect(parseXml(text, R)).toBeUndefined();
  });

  it("refuses elements nested deeper than any Qualys answer, which every later walk of the tree would overflow on", () => {
    const depth = 200_000;
    expect(parseXml(doc(`${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`), R)).toBeUndefined();
  });

  it("reads elements nested as deep as the limit allows", () => {
    const depth = MAX_ANSWER_DEPTH - 1;
    expect(parseXml(doc(`${"<a>".repeat(depth)}x${"</a>".repeat(depth)}`), R)).toBeDefined();
  });
});

describe("reading a Qualys answer: attributes", () => {
  const attrs = (n: number): string => Array.from({ length: n }, (_, i) => ` a${i}=""`).join("");

  it("refuses a tag with more attributes than any Qualys answer carries, naming the limit", () => {
    // 150,000 attributes on one tag (1.5 MB) once blocked the event loop for 25 s: refused, not read.
    let thrown: unknown;
    try {
      parseXml(doc(`<responseCode${attrs(150_000)}>SUCCESS</responseCode>`), R);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TooManyAttributes);
    expect(thrown).toMatchObject({ limit: MAX_TAG_ATTRIBUTES });
  });

  it("refuses one attribute past the limit, on the root too", () => {
    expect(() => parseXml(`<${R}${attrs(MAX_TAG_ATTRIBUTES + 1)}/>`, R)).toThrow(TooManyAttributes);
  });

  it("reads a tag with as many attributes as the limit allows", () => {
    expect(parseXml(doc(`<a${attrs(MAX_TAG_ATTRIBUTES)}>1</a>`), R)).toEqual({ a: "1" });
  });

  it("still refuses a repeated attribute as not well-formed", () => {
    expect(parseXml(doc('<a x="1" y="2" x="3">1</a>'), R)).toBeUndefined();
  });
});

