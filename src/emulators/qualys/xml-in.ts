/**
 * Request XML → an ordered element tree. Order is kept (the real API validates against an XSD, so
 * element order matters: vendors/qualys.md §1.4). Entities: only the five predefined ones and
 * character references are decoded; a DOCTYPE is refused, so nothing is ever expanded or fetched.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { ownEntry } from "../../core/own.js";

export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** Character content (text and CDATA joined); whitespace between child elements included. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: "#cdata",
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: "#comment",
});

const PREDEFINED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]*);/g, (_, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X")) return codePoint(ref.slice(2), 16, ref);
    if (ref.startsWith("#")) return codePoint(ref.slice(1), 10, ref);
    const named = ownEntry(PREDEFINED, ref);
    if (named === undefined) throw new XmlSyntaxError(`The entity "${ref}" was referenced, but not declared.`);
    return named;
  });
}

function codePoint(digits: string, radix: number, ref: string): string {
  const n = /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, radix) : Number.NaN;
  if (!Number.isFinite(n) || n > 0x10ffff) throw new XmlSyntaxError(`Character reference "&${ref}" is an invalid XML character.`);
  return String.fromCodePoint(n);
}

type RawNode = Record<string, unknown>;

/** Parses one document; throws XmlSyntaxError when it is not well-formed or holds a DOCTYPE. */
export function parseXml(body: string): XNode {
  if (/<!DOCTYPE/i.test(body)) throw new XmlSyntaxError('DOCTYPE is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true.');
  if (body.trim() === "") throw new XmlSyntaxError("Premature end of file.");
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  const roots = (parser.parse(body) as RawNode[]).map(toNode).filter((n): n is XNode => n !== undefined);
  if (roots.length !== 1) throw new XmlSyntaxError("The markup in the document following the root element must be well-formed.");
  return roots[0]!;
}

function toNode(raw: RawNode): XNode | undefined {
  const name = Object.keys(raw).find((k) => k !== ":@");
  if (name === undefined || name === "#text" || name === "#cdata" || name === "#comment") return undefined;
  const attrsRaw = (raw[":@"] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = decodeEntities(v);
  const children: XNode[] = [];
  let text = "";
  for (const part of raw[name] as RawNode[]) {
    if ("#text" in part) text += decodeEntities(String(part["#text"]));
    else if ("#cdata" in part) text += (part["#cdata"] as RawNode[]).map((c) => String(c["#text"] ?? "")).join("");
    else {
      const child = toNode(part);
      if (child !== undefined) children.push(child);
    }
  }
  return { name, attrs, children, text };
}

export const child = (node: XNode, name: string): XNode | undefined => node.children.find((c) => c.name === name);
export const childrenNamed = (node: XNode, name: string): readonly XNode[] => node.children.filter((c) => c.name === name);
