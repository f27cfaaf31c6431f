/**
 * Checks a request tree against schema.ts the way an XSD-validating parser would, answering
 * INVALID_XML with Xerces-style messages (vendors/qualys.md §1.4: "Invalid content was found
 * starting with element 'verbose'.").
 */
import { QpsError } from "./envelope.js";
import type { Particle, Simple, Type } from "./schema.js";
import type { XNode } from "./xml-in.js";

const invalid = (message: string): QpsError => new QpsError("INVALID_XML", message, "Fix the request XML so that it follows the element order of the XSD.");

export function validateRoot(root: XNode, particle: Particle): void {
  if (root.name !== particle.name) throw invalid(`Cannot find the declaration of element '${root.name}'.`);
  validateElement(root, particle);
}

function validateElement(node: XNode, particle: Particle): void {
  for (const attr of Object.keys(node.attrs)) {
    const type = particle.attrs?.[attr];
    if (type === undefined) throw invalid(`Attribute '${attr}' is not allowed to appear in element '${node.name}'.`);
    checkSimple(node.attrs[attr]!, type, `attribute '${attr}' on element '${node.name}'`);
  }
  const type = particle.type;
  if (isSimple(type)) {
    if (node.children.length > 0) throw invalid(`Element '${node.name}' must have no element [children], and the value must be valid.`);
    checkSimple(node.text, type, `element '${node.name}'`);
    return;
  }
  if (node.text.trim() !== "") throw invalid(`Element '${node.name}' cannot have character [children], because the type's content type is element-only.`);
  if ("seq" in type) validateSequence(node, type.seq);
  else validateAll(node, type.all);
}

function validateSequence(node: XNode, particles: readonly Particle[]): void {
  let at = 0;
  let seen = 0;
  for (const c of node.children) {
    while (at < particles.length && (particles[at]!.name !== c.name || seen >= particles[at]!.max)) {
      if (seen < particles[at]!.min) throw invalid(`Invalid content was found starting with element '${c.name}'.`);
      at += 1;
      seen = 0;
    }
    const p = particles[at];
    if (p === undefined) throw invalid(`Invalid content was found starting with element '${c.name}'.`);
    validateElement(c, p);
    seen += 1;
  }
  for (let i = at; i < particles.length; i += 1) {
    const needed = particles[i]!.min - (i === at ? seen : 0);
    if (needed > 0) throw invalid(`The content of element '${node.name}' is not complete.`);
  }
}

function validateAll(node: XNode, particles: readonly Particle[]): void {
  const seen = new Set<string>();
  for (const c of node.children) {
    const p = particles.find((q) => q.name === c.name);
    if (p === undefined || seen.has(c.name)) throw invalid(`Invalid content was found starting with element '${c.name}'.`);
    seen.add(c.name);
    validateElement(c, p);
  }
  for (const p of particles) if (p.min > 0 && !seen.has(p.name)) throw invalid(`The content of element '${node.name}' is not complete.`);
}

const isSimple = (t: Type): t is Simple => typeof t === "string" || "enum" in t;

function checkSimple(value: string, type: Simple, where: string): void {
  const v = value.trim();
  const bad = (typeName: string): QpsError => invalid(`'${value}' is not a valid value for '${typeName}' (${where}).`);
  if (typeof type !== "string") {
    if (!type.enum.includes(v)) throw invalid(`Value '${value}' is not facet-valid with respect to enumeration '[${type.enum.join(", ")}]' (${where}).`);
    return;
  }
  switch (type) {
    case "string":
      return;
    case "long":
    case "int":
      if (!/^[+-]?\d+$/.test(v) || (type === "int" && Math.abs(Number(v)) > 2_147_483_647)) throw bad(type === "long" ? "integer" : "int");
      return;
    case "boolean":
      if (!["true", "false", "1", "0"].includes(v)) throw bad("boolean");
      return;
    case "dateTime":
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v) || Number.isNaN(Date.parse(v))) throw bad("dateTime");
      return;
  }
}
