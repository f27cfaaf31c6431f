/**
 * YAML text → documents with source positions. A file may hold several documents (`---`); each
 * is one part of the configuration. Refused here, each at its position: syntax errors, duplicate
 * keys, any tag beyond plain YAML values, aliases to unknown anchors, and alias bombs.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES } from "./codes.js";
import { DocumentSource, type PathSegment } from "./source.js";

/**
 * Nodes that aliases may add to a document. Real configurations share a few lists or blocks;
 * a "billion laughs" document multiplies them past any such bound within a few lines.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export interface ParsedDocument {
  readonly source: DocumentSource;
  /** The document as plain data; null for an empty document. */
  readonly value: unknown;
}

export interface ParsedFile {
  readonly documents: readonly ParsedDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export function parseManifest(text: string, file: string): ParsedFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true, version: "1.2" });
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of docs) {
    const source = new DocumentSource(file, doc, lines);
    const found = [...syntaxProblems(doc, source, text), ...new NodeChecks(source).run()];
    diagnostics.push(...found);
    if (found.some((d) => d.severity === "error")) continue;
    try {
      documents.push({ source, value: doc.toJS({ maxAliasCount: -1 }) ?? null });
    } catch (e) {
      diagnostics.push(source.diagnostic("MANIFEST_YAML_SYNTAX", e instanceof Error ? e.message : String(e), []));
    }
  }
  return { documents, diagnostics };
}

function syntaxProblems(doc: Document, source: DocumentSource, text: string): Diagnostic[] {
  const at = (offset: number) => source.locationAt(offset);
  const out: Diagnostic[] = [];
  for (const error of doc.errors) {
    const [start] = error.pos;
    if (error.code === "DUPLICATE_KEY") {
      const key = keyAt(text, start);
      out.push({ code: "MANIFEST_DUPLICATE_KEY", severity: "error", message: `the key ${JSON.stringify(key)} appears more than once in this mapping`, hint: MANIFEST_CODES.MANIFEST_DUPLICATE_KEY, source: at(start) });
    } else {
      out.push({ code: "MANIFEST_YAML_SYNTAX", severity: "error", message: error.message, hint: MANIFEST_CODES.MANIFEST_YAML_SYNTAX, source: at(start) });
    }
  }
  for (const warning of doc.warnings) {
    if (warning.code === "TAG_RESOLVE_FAILED") continue; // reported with the node as MANIFEST_CUSTOM_TAG
    out.push({ code: "MANIFEST_YAML_SYNTAX", severity: "warning", message: warning.message, hint: MANIFEST_CODES.MANIFEST_YAML_SYNTAX, source: at(warning.pos[0]) });
  }
  return out;
}

/** The key written at `offset`: a quoted key whole, a plain one up to its colon. */
function keyAt(text: string, offset: number): string {
  const eol = text.indexOf("\n", offset);
  const line = text.slice(offset, eol < 0 ? undefined : eol);
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(line);
  if (quoted) return quoted[1]!.slice(1, -1);
  return (/^(.*?)\s*:(\s|$)/.exec(line)?.[1] ?? line).trim();
}

/** One pass over the node tree in document order: tags, anchors and alias expansion. */
class NodeChecks {
  private readonly anchors = new Map<string, Node>();
  private readonly sizes = new Map<Node, number>();
  private readonly path: PathSegment[] = [];
  private readonly found: Diagnostic[] = [];
  private expanded = 0;

  constructor(private readonly source: DocumentSource) {}

  run(): Diagnostic[] {
    const root = this.source.doc.contents;
    if (root) this.visit(root);
    return this.found;
  }

  private report(code: "MANIFEST_CUSTOM_TAG" | "MANIFEST_UNKNOWN_ANCHOR" | "MANIFEST_ALIAS_LIMIT", message: string, node: Node): void {
    this.found.push({ code, severity: "error", message, hint: MANIFEST_CODES[code], source: this.source.locationOf(node, this.path) });
  }

  /** Returns the number of nodes `node` stands for once its aliases are expanded. */
  private visit(node: Node): number {
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      const size = target === undefined ? undefined : this.sizes.get(target);
      if (target === undefined) this.report("MANIFEST_UNKNOWN_ANCHOR", `the alias *${node.source} names no anchor defined before it`, node);
      else if (size === undefined) this.report("MANIFEST_UNKNOWN_ANCHOR", `the alias *${node.source} refers to the node that contains it`, node);
      else {
        const before = this.expanded;
        this.expanded += size;
        if (before <= MAX_ALIAS_EXPANSION && this.expanded > MAX_ALIAS_EXPANSION) {
          this.report("MANIFEST_ALIAS_LIMIT", `aliases expand this document beyond ${MAX_ALIAS_EXPANSION} nodes`, node);
        }
      }
      return size ?? 1;
    }
    if (node.anchor) this.anchors.set(node.anchor, node);
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      this.report("MANIFEST_CUSTOM_TAG", `the tag ${shortTag(node.tag)} is not allowed; manifests hold plain strings, numbers, booleans, lists and mappings`, node);
    }
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = isScalar(pair.key) ? String(pair.key.value) : "?";
        if (pair.key && typeof pair.key === "object") size += this.visit(pair.key as Node);
        this.path.push(name);
        if (pair.value && typeof pair.value === "object") size += this.visit(pair.value as Node);
        this.path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        this.path.push(i);
        if (item && typeof item === "object") size += this.visit(item as Node);
        this.path.pop();
      });
    }
    this.sizes.set(node, size);
    return size;
  }
}

const shortTag = (tag: string): string => (tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag);
